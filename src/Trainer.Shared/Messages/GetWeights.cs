namespace Trainer.Shared.Messages;

/// <summary>Asks a device for its replica's unique parameters; the reply is a <see cref="LoadWeights"/>.</summary>
public sealed record GetWeights
{
    public static GetWeights Instance { get; } = new();
    private GetWeights() { }
}

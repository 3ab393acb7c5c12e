using System.Globalization;

namespace Trainer.Shared.Wire;

/// <summary>
/// A HOST:PORT as `--listen` and `--join` take it. The coordinator's Akka.Remote listens on
/// PORT and its gRPC tensor service on PORT + 1 (<see cref="TensorPort"/>).
/// </summary>
public sealed record Endpoint(string Host, int Port)
{
    /// <summary>The gRPC tensor service's port beside the Akka.Remote port.</summary>
    public int TensorPort => Port + 1;

    public static Endpoint Parse(string text, string option)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            throw new ArgumentException($"{option} {text}: expected HOST:PORT, e.g. 127.0.0.1:4053");
        var host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65534)
            throw new ArgumentException($"{option} {text}: the port must be a number from 1 to 65534 (the tensor service takes the next one)");
        return new Endpoint(host, port);
    }

    public override string ToString() => $"{Host}:{Port}";
}

namespace Trainer.Shared.Actors;

/// <summary>
/// An ordinary message that stops the actor when it is processed, i.e. after every message
/// queued before it (unlike <see cref="ActorSystem.Stop"/>, which stops after the current one).
/// </summary>
public sealed record PoisonPill
{
    public static readonly PoisonPill Instance = new();
    private PoisonPill() { }
}

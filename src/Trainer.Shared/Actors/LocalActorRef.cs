namespace Trainer.Shared.Actors;

/// <summary>The in-process ref: one per cell, stable across restarts of the actor.</summary>
internal sealed class LocalActorRef(ActorCell cell) : IActorRef
{
    internal ActorCell Cell => cell;

    public ActorPath Path => cell.Path;

    public void Tell(object message, IActorRef? sender = null) => cell.Post(message, sender);

    public Task<T> Ask<T>(object message, TimeSpan timeout, CancellationToken ct = default) =>
        AskSupport.Ask<T>(this, cell.System, message, timeout, ct);

    public override string ToString() => Path.ToString();
}

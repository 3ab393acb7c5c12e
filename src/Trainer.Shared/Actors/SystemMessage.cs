namespace Trainer.Shared.Actors;

/// <summary>
/// Runtime-internal messages. They jump the user queue (handled before the next user
/// message) and are handled even while the actor is suspended awaiting its parent's decision.
/// </summary>
internal abstract record SystemMessage
{
    /// <summary>Child → parent: my handler threw; decide.</summary>
    public sealed record Failed(ActorCell Child, Exception Cause) : SystemMessage;

    /// <summary>Parent → child: go on with the same instance.</summary>
    public sealed record Resume : SystemMessage { public static readonly Resume Instance = new(); }

    /// <summary>Parent → child: replace your instance.</summary>
    public sealed record Restart(Exception Cause) : SystemMessage;

    /// <summary>Stop after the current message.</summary>
    public sealed record Terminate : SystemMessage { public static readonly Terminate Instance = new(); }

    /// <summary>Watcher → subject: tell me when you stop.</summary>
    public sealed record Watch(ActorCell Watcher) : SystemMessage;

    /// <summary>Watcher → subject: forget me.</summary>
    public sealed record Unwatch(ActorCell Watcher) : SystemMessage;

    /// <summary>Child → parent: I have stopped; free my name.</summary>
    public sealed record ChildTerminated(ActorCell Child) : SystemMessage;
}

/// <summary>A user message and its sender, as queued in the mailbox.</summary>
internal readonly record struct Envelope(object Message, IActorRef? Sender);

/// <summary>Written into the mailbox after a system message is queued, only to wake the loop.</summary>
internal sealed class SystemWakeup
{
    public static readonly SystemWakeup Instance = new();
    private SystemWakeup() { }
}

/// <summary>
/// Queued in the watcher's user mailbox (so it arrives after everything the dead actor sent
/// before dying) and turned into <see cref="Terminated"/> only if the watch is still on. A
/// wrapper, not Terminated itself, so that a Terminated the user forwards is left alone.
/// </summary>
internal sealed record DeathWatchNotification(IActorRef ActorRef);

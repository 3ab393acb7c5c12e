using Microsoft.Extensions.Logging;

namespace Trainer.Shared.Actors;

/// <summary>
/// What an actor may see and do about itself, as Akka's <c>IActorContext</c>. Valid only on
/// the actor's own processing loop (its handlers, constructor and lifecycle hooks).
/// </summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled; dead letters when there is none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor. The user guardian's parent is dead letters.</summary>
    IActorRef Parent { get; }

    ActorSystem System { get; }

    ILogger Log { get; }

    /// <summary>Timers that message this actor; all are cancelled when it stops or restarts.</summary>
    ITimerScheduler Timers { get; }

    /// <summary>Creates a child supervised by this actor. Names are unique among live siblings.</summary>
    IActorRef ActorOf(Props props, string? name = null);

    IReadOnlyList<IActorRef> GetChildren();

    /// <summary>Stops <paramref name="actor"/> after its current message; the rest of its mailbox goes to dead letters.</summary>
    void Stop(IActorRef actor);

    /// <summary>Asks for a <see cref="Terminated"/> message once <paramref name="subject"/> has stopped (at once if it already has).</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Cancels a <see cref="Watch"/>; a Terminated not yet handled is dropped.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current message handlers by those <paramref name="behaviour"/> registers.</summary>
    void Become(Action behaviour);

    /// <summary>Tells <paramref name="message"/> to <paramref name="receiver"/> every <paramref name="interval"/> until cancelled or until this actor stops.</summary>
    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null);

    /// <summary>Tells <paramref name="message"/> once after <paramref name="delay"/>, unless cancelled or this actor stops first.</summary>
    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null);
}

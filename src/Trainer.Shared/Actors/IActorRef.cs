namespace Trainer.Shared.Actors;

/// <summary>
/// A handle to an actor: the only way to talk to it. An interface (not a class) so that a
/// remote ref over gRPC can honour the same contract as the in-process one; the shared
/// contract is pinned by <c>ActorRefContractTests</c>.
/// </summary>
public interface IActorRef
{
    /// <summary>The actor's address.</summary>
    ActorPath Path { get; }

    /// <summary>
    /// Fire-and-forget. Messages from one sender to one actor arrive in the order sent.
    /// A message to a stopped actor goes to dead letters, never silently away.
    /// </summary>
    void Tell(object message, IActorRef? sender = null);

    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and completes with the first
    /// reply. A <see cref="Status.Failure"/> reply faults the task with its exception; no reply
    /// within <paramref name="timeout"/> faults it with <see cref="AskTimeoutException"/>.
    /// </summary>
    Task<T> Ask<T>(object message, TimeSpan timeout, CancellationToken ct = default);
}

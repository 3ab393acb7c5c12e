namespace Trainer.Shared.Actors;

/// <summary>Ask on top of Tell: a temporary ref is the sender, its first message is the reply.</summary>
internal static class AskSupport
{
    private static long _nextId;

    public static Task<T> Ask<T>(IActorRef target, ActorSystem system, object message, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "Ask timeout must be positive (or infinite).");
        ct.ThrowIfCancellationRequested();

        var path = new ActorPath(system.Name, $"temp/ask{Interlocked.Increment(ref _nextId)}");
        // The promise frees its own timer when it settles (reply, failure, timeout or cancellation).
        var promise = new PromiseActorRef<T>(path, system, target.Path, message.GetType(), timeout, ct);
        target.Tell(message, promise);
        return promise.Task;
    }
}

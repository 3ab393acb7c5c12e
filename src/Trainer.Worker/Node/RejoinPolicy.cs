namespace Trainer.Worker.Node;

/// <summary>
/// When a worker that lost its coordinator joins again, and when it gives up: after the n-th
/// attempt in a row that did not get it into a run, it waits <see cref="FirstDelay"/> doubled
/// n - 1 times (at most <see cref="MaxDelay"/>), and after <see cref="MaxAttempts"/> such
/// attempts it stops (exit 1). An attempt that was accepted starts the count again. Each attempt
/// is itself bounded (Akka gives up on an unanswered seed, the registrar's answer is awaited a
/// limited time), so a worker never waits forever for a coordinator that does not come back.
/// </summary>
public sealed record RejoinPolicy(int MaxAttempts, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static RejoinPolicy Default { get; } = new(8, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    /// <summary>The wait before attempt <paramref name="attempt"/> (counted from 1), or null: give up.</summary>
    public TimeSpan? DelayBefore(int attempt)
    {
        if (attempt < 1 || attempt > MaxAttempts) return null;
        var delay = FirstDelay * Math.Pow(2, Math.Min(attempt - 1, 30));
        return delay < MaxDelay ? delay : MaxDelay;
    }
}

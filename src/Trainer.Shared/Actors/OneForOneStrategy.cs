namespace Trainer.Shared.Actors;

/// <summary>
/// Applies <c>decider</c> to the failing child only. Restarts are budgeted: at most
/// <c>maxNrOfRetries</c> within <c>withinTimeRange</c> (a negative count means no limit, an
/// infinite range means over the child's whole life); past the budget the child is stopped.
/// </summary>
public sealed class OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider)
    : SupervisorStrategy
{
    /// <summary>Unlimited restarts with the given decider.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider) : this(-1, Timeout.InfiniteTimeSpan, decider) { }

    public int MaxNrOfRetries { get; } = maxNrOfRetries;
    public TimeSpan WithinTimeRange { get; } = withinTimeRange;

    internal override Directive Decide(Exception cause, ChildRestartStats stats, DateTime nowUtc)
    {
        var directive = decider(cause);
        if (directive != Directive.Restart) return directive;
        return stats.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, nowUtc) ? Directive.Restart : Directive.Stop;
    }
}

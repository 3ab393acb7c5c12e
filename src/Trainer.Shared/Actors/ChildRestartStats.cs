namespace Trainer.Shared.Actors;

/// <summary>
/// The restart history of one child, kept by its parent across the child's restarts so that
/// the retry budget of a <see cref="OneForOneStrategy"/> counts every restart. Touched only
/// from the parent's processing loop, hence no locking.
/// </summary>
internal sealed class ChildRestartStats
{
    private int _count;
    private DateTime _windowStartUtc;

    public int RestartCount => _count;

    /// <summary>Counts one more restart and says whether it still fits the budget.</summary>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan window, DateTime nowUtc)
    {
        if (maxNrOfRetries < 0) { _count++; return true; }
        if (maxNrOfRetries == 0) return false;
        if (window != Timeout.InfiniteTimeSpan && (_count == 0 || nowUtc - _windowStartUtc > window))
        {
            // A new window opens at the first restart after the previous one has passed.
            _windowStartUtc = nowUtc;
            _count = 1;
            return true;
        }
        _count++;
        return _count <= maxNrOfRetries;
    }
}

namespace Trainer.Shared.Actors;

/// <summary>
/// The timers of one actor: keyed ones (<see cref="ITimerScheduler"/>) and the anonymous ones
/// of <see cref="IActorContext.ScheduleTellRepeatedly"/>. Locked because timer callbacks
/// finish on pool threads while the actor starts and cancels timers from its own loop.
/// </summary>
internal sealed class TimerScheduler(IActorRef self) : ITimerScheduler
{
    private readonly object _gate = new();
    private readonly Dictionary<object, ScheduledTell> _keyed = [];
    private readonly HashSet<ScheduledTell> _all = [];

    /// <summary>Live timers, keyed and anonymous (tests check that stop leaves none).</summary>
    internal int ActiveCount { get { lock (_gate) return _all.Count; } }

    public void StartSingleTimer(object key, object message, TimeSpan delay) =>
        StartKeyed(key, message, delay, Timeout.InfiniteTimeSpan);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        StartKeyed(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        StartKeyed(key, message, initialDelay, interval);

    public bool IsTimerActive(object key) { lock (_gate) return _keyed.ContainsKey(key); }

    public void Cancel(object key)
    {
        ScheduledTell? timer;
        lock (_gate) _keyed.TryGetValue(key, out timer);
        timer?.Cancel();
    }

    public void CancelAll()
    {
        ScheduledTell[] timers;
        lock (_gate) timers = [.. _all];
        foreach (var timer in timers) timer.Cancel();
    }

    /// <summary>An anonymous timer to any receiver, cancelled with the others at stop.</summary>
    internal ICancelable Schedule(TimeSpan delay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            var timer = new ScheduledTell(delay, interval, receiver, message, sender, Forget);
            _all.Add(timer);
            return timer;
        }
    }

    private void StartKeyed(object key, object message, TimeSpan delay, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        lock (_gate)
        {
            // Constructed under the lock: a timer that fires at once cannot run Forget before it is registered.
            var timer = new ScheduledTell(delay, interval, self, message, null, Forget);
            _keyed[key] = timer;
            _all.Add(timer);
        }
    }

    private void Forget(ScheduledTell timer)
    {
        lock (_gate)
        {
            _all.Remove(timer);
            foreach (var (key, value) in _keyed)
            {
                if (!ReferenceEquals(value, timer)) continue;
                _keyed.Remove(key);
                break;
            }
        }
    }
}

namespace Trainer.Shared.Actors;

/// <summary>
/// One <see cref="Timer"/> that tells a message. The flag and the Tell share a lock so that
/// after <see cref="Cancel"/> returns, a callback already running on the pool cannot still
/// deliver: that is what makes "no tick after stop" a guarantee and not a likelihood.
/// </summary>
internal sealed class ScheduledTell : ICancelable
{
    private readonly object _gate = new();
    private readonly IActorRef _receiver;
    private readonly object _message;
    private readonly IActorRef? _sender;
    private readonly bool _repeat;
    private readonly Action<ScheduledTell> _onFinished;
    private readonly Timer _timer;
    private bool _cancelled;

    public ScheduledTell(TimeSpan delay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender,
        Action<ScheduledTell> onFinished)
    {
        if (delay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(delay), delay, "Timer delay must not be negative.");
        _repeat = interval != Timeout.InfiniteTimeSpan;
        if (_repeat && interval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "Timer interval must be positive.");
        _receiver = receiver;
        _message = message;
        _sender = sender;
        _onFinished = onFinished;
        _timer = new Timer(static s => ((ScheduledTell)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(delay, interval);
    }

    public bool IsCancellationRequested { get { lock (_gate) return _cancelled; } }

    private void Fire()
    {
        lock (_gate)
        {
            if (_cancelled) return;
            _receiver.Tell(_message, _sender);
            if (_repeat) return;
            _cancelled = true;
        }
        _timer.Dispose();
        _onFinished(this);
    }

    public void Cancel()
    {
        lock (_gate)
        {
            if (_cancelled) return;
            _cancelled = true;
        }
        _timer.Dispose();
        _onFinished(this);
    }
}

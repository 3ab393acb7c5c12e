namespace Trainer.Shared.Actors;

/// <summary>
/// The temporary sender of an Ask. Its first message completes the task (a reply of another
/// type than asked for faults it with <see cref="InvalidCastException"/>); a
/// <see cref="Status.Failure"/> faults it; the timeout faults it with
/// <see cref="AskTimeoutException"/>; a reply arriving after that is a dead letter.
/// Continuations run asynchronously so that the asker never runs on the replying actor's thread.
/// The task is the promise's own (no async method between): a caller that blocks on it is woken
/// by the reply itself, with no hop through the thread pool, whose workers would then spin on
/// the cores the replicas compute on.
/// </summary>
internal abstract class PromiseActorRef : IActorRef
{
    protected PromiseActorRef(ActorPath path) => Path = path;

    public ActorPath Path { get; }

    public abstract void Tell(object message, IActorRef? sender = null);

    /// <summary>Fails the Ask at once when its request became a dead letter: waiting for the timeout would only hide the cause.</summary>
    internal abstract void Fail(DeadLetter letter);

    public Task<TReply> Ask<TReply>(object message, TimeSpan timeout, CancellationToken ct = default) =>
        throw new NotSupportedException($"{Path} is the temporary sender of an Ask; it cannot be asked.");

    public override string ToString() => Path.ToString();
}

/// <summary>The promise of an Ask expecting a <typeparamref name="T"/>.</summary>
internal sealed class PromiseActorRef<T> : PromiseActorRef
{
    private readonly TaskCompletionSource<T> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorSystem _system;
    private readonly ActorPath _target;
    private readonly CancellationTokenSource? _timer;
    private readonly CancellationTokenRegistration _timeoutRegistration;
    private readonly CancellationTokenRegistration _cancelRegistration;

    public PromiseActorRef(ActorPath path, ActorSystem system, ActorPath target, Type messageType, TimeSpan timeout, CancellationToken ct)
        : base(path)
    {
        _system = system;
        _target = target;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = new CancellationTokenSource(timeout);
            _timeoutRegistration = _timer.Token.Register(
                () => Settle(() => _promise.TrySetException(new AskTimeoutException(target, messageType, timeout))));
        }
        if (ct.CanBeCanceled) _cancelRegistration = ct.Register(() => Settle(() => _promise.TrySetCanceled(ct)));
    }

    public Task<T> Task => _promise.Task;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var completed = Settle(() => message switch
        {
            Status.Failure failure => _promise.TrySetException(failure.Cause),
            T typed => _promise.TrySetResult(typed),
            _ => _promise.TrySetException(new InvalidCastException(
                $"Ask to {_target} expected a {typeof(T).Name} reply but got {message.GetType().Name}.")),
        });
        if (!completed) _system.DeadLetters.Publish(new DeadLetter(message, sender, this, DeadLetterReason.RecipientTerminated));
    }

    internal override void Fail(DeadLetter letter) => Settle(() => _promise.TrySetException(new DeadLetterException(letter)));

    /// <summary>Completes the promise once; the first to settle it frees the timer (nobody else will need it).</summary>
    private bool Settle(Func<bool> complete)
    {
        if (!complete()) return false;
        // Disposing a registration from inside its own callback returns at once (no self-wait).
        _timeoutRegistration.Dispose();
        _cancelRegistration.Dispose();
        _timer?.Dispose();
        return true;
    }
}

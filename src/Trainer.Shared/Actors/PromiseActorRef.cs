namespace Trainer.Shared.Actors;

/// <summary>
/// The temporary sender of an Ask. Its first message completes the task; a
/// <see cref="Status.Failure"/> faults it; the timeout faults it with
/// <see cref="AskTimeoutException"/>; a reply arriving after that is a dead letter.
/// Continuations run asynchronously so that the asker never runs on the replying actor's thread.
/// </summary>
internal sealed class PromiseActorRef : IActorRef, IDisposable
{
    private readonly TaskCompletionSource<object> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorSystem _system;
    private readonly CancellationTokenSource? _timer;
    private readonly CancellationTokenRegistration _timeoutRegistration;
    private readonly CancellationTokenRegistration _cancelRegistration;

    public PromiseActorRef(ActorPath path, ActorSystem system, ActorPath target, Type messageType, TimeSpan timeout, CancellationToken ct)
    {
        Path = path;
        _system = system;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = new CancellationTokenSource(timeout);
            _timeoutRegistration = _timer.Token.Register(
                () => _promise.TrySetException(new AskTimeoutException(target, messageType, timeout)));
        }
        if (ct.CanBeCanceled) _cancelRegistration = ct.Register(() => _promise.TrySetCanceled(ct));
    }

    public ActorPath Path { get; }

    public Task<object> Task => _promise.Task;

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var completed = message is Status.Failure failure
            ? _promise.TrySetException(failure.Cause)
            : _promise.TrySetResult(message);
        if (!completed) _system.DeadLetters.Publish(new DeadLetter(message, sender, this, DeadLetterReason.RecipientTerminated));
    }

    /// <summary>Fails the Ask at once when its request became a dead letter: waiting for the timeout would only hide the cause.</summary>
    internal void Fail(DeadLetter letter) => _promise.TrySetException(new DeadLetterException(letter));

    public Task<T> Ask<T>(object message, TimeSpan timeout, CancellationToken ct = default) =>
        throw new NotSupportedException($"{Path} is the temporary sender of an Ask; it cannot be asked.");

    public void Dispose()
    {
        _timeoutRegistration.Dispose();
        _cancelRegistration.Dispose();
        _timer?.Dispose();
    }

    public override string ToString() => Path.ToString();
}

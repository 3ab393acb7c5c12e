using Microsoft.Extensions.Logging;

namespace Trainer.Shared.Actors;

/// <summary>
/// Where undeliverable and unhandled messages end: each is logged, counted and raised as
/// <see cref="Received"/>, so that no message disappears without a trace. Also the
/// <see cref="IActorContext.Sender"/> of a message sent with no sender, so replies to it land here.
/// </summary>
public sealed class DeadLetterSink : IActorRef
{
    private readonly ILogger _log;
    private long _count;

    internal DeadLetterSink(ActorPath path, ILogger log)
    {
        Path = path;
        _log = log;
    }

    public ActorPath Path { get; }

    /// <summary>How many dead letters so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Raised for every dead letter, on the thread that produced it; keep handlers short and non-throwing.</summary>
    public event Action<DeadLetter>? Received;

    /// <summary>A message sent straight to dead letters is itself a dead letter.</summary>
    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Publish(new DeadLetter(message, sender, this, DeadLetterReason.RecipientTerminated));
    }

    public Task<T> Ask<T>(object message, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var letter = new DeadLetter(message, null, this, DeadLetterReason.RecipientTerminated);
        Publish(letter);
        return Task.FromException<T>(new DeadLetterException(letter));
    }

    internal void Publish(DeadLetter letter)
    {
        Interlocked.Increment(ref _count);
        _log.LogInformation("Dead letter: {DeadLetter}", letter);
        try
        {
            Received?.Invoke(letter);
        }
        catch (Exception ex)
        {
            // A faulty subscriber must not break the sender's Tell; it is logged instead.
            _log.LogError(ex, "A dead-letter subscriber threw for {DeadLetter}", letter);
        }
        // Last: whoever sees the Ask fail can already see the letter (subscribers have been told).
        if (letter.Sender is PromiseActorRef promise) promise.Fail(letter);
    }

    public override string ToString() => Path.ToString();
}

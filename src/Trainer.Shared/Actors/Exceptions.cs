namespace Trainer.Shared.Actors;

/// <summary>An Ask got no reply in time. Names the actor and the message type to make the hang findable.</summary>
public sealed class AskTimeoutException(ActorPath target, Type messageType, TimeSpan timeout)
    : TimeoutException($"Ask of {messageType.Name} to {target} timed out after {timeout.TotalMilliseconds:0} ms")
{
    public ActorPath Target { get; } = target;
    public Type MessageType { get; } = messageType;
}

/// <summary>An Ask whose message became a dead letter: it fails at once instead of waiting for the timeout.</summary>
public sealed class DeadLetterException(DeadLetter letter)
    : InvalidOperationException($"Message {letter.Message.GetType().Name} to {letter.Recipient.Path} was not handled: {letter.Reason}")
{
    public DeadLetter Letter { get; } = letter;
}

/// <summary>Making the actor instance (constructor or PreStart) failed; the default strategy stops such an actor.</summary>
public sealed class ActorInitializationException(ActorPath path, Exception inner)
    : Exception($"Actor {path} failed to start: {inner.Message}", inner)
{
    public ActorPath Path { get; } = path;
}

/// <summary>A name that is empty, contains '/', or is taken by a live sibling.</summary>
public sealed class InvalidActorNameException(string message) : ArgumentException(message);

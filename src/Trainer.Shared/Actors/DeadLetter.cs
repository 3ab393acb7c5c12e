namespace Trainer.Shared.Actors;

/// <summary>Why a message could not be handled.</summary>
public enum DeadLetterReason
{
    /// <summary>The recipient had stopped (or stopped before reaching the message).</summary>
    RecipientTerminated,
    /// <summary>The recipient was alive but its current behaviour has no handler for the type.</summary>
    Unhandled,
}

/// <summary>A message that reached no handler.</summary>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient, DeadLetterReason Reason)
{
    public override string ToString() =>
        $"{Message.GetType().Name} from {Sender?.Path.ToString() ?? "no sender"} to {Recipient.Path}: {Reason}";
}

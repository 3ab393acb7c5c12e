namespace Trainer.Shared.Actors;

/// <summary>Generic replies, as Akka's <c>Status</c>: a reply of <see cref="Failure"/> faults an Ask.</summary>
public static class Status
{
    /// <summary>A plain acknowledgement carrying an optional value.</summary>
    public sealed record Success(object? Value = null);

    /// <summary>The request failed; an Ask that receives this throws <see cref="Cause"/>.</summary>
    public sealed record Failure(Exception Cause);
}

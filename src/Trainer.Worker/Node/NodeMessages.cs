namespace Trainer.Worker.Node;

/// <summary>A device link → itself: the weights of <see cref="Version"/> arrived (or <see cref="Error"/>).</summary>
internal sealed record WeightsDownloaded(long Version, float[]? Values, Exception? Error);

/// <summary>A device link → itself: the upload of <see cref="Step"/> ended (<see cref="Error"/> when it failed).</summary>
internal sealed record UploadEnded(long Step, Exception? Error);

/// <summary>A device link → the node: the device cannot go on; the worker leaves the run.</summary>
internal sealed record LinkFailed(string Reason);

/// <summary>The node → itself: ask the registrar to join (again, until it answers).</summary>
internal sealed record TryJoin
{
    public static TryJoin Instance { get; } = new();
    private TryJoin() { }
}

/// <summary>The node → itself: send the spans recorded since the last batch to the coordinator.</summary>
internal sealed record ShipSpans
{
    public static ShipSpans Instance { get; } = new();
    private ShipSpans() { }
}

/// <summary>The node → itself: a flush waits for the transfers under way (until <see cref="GiveUpAt"/>, Environment.TickCount64).</summary>
internal sealed record FlushWhenIdle(IActorRef ReplyTo, long GiveUpAt);

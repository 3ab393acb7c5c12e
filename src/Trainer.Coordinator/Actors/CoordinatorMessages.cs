namespace Trainer.Coordinator.Actors;

/// <summary>Facade → coordinator: train one global batch (sample indices); the reply is a <see cref="StepResult"/>.</summary>
public sealed record RunStep(long[] SampleIndices);

/// <summary>
/// Coordinator → facade: the step was applied exactly once. <see cref="Failures"/> names the
/// devices that failed during it (their work was redone on the others); <see cref="Rows"/> says
/// how many of the batch's samples each device computed.
/// </summary>
public sealed record StepResult(long Step, int Count, double LossSum, long Correct, IReadOnlyList<string> Failures,
    IReadOnlyDictionary<string, int> Rows);

/// <summary>Facade → coordinator: confirm that every replica started and holds the master's weights.</summary>
public sealed record CheckReplicas
{
    public static CheckReplicas Instance { get; } = new();
    private CheckReplicas() { }
}

/// <summary>Facade → coordinator: bring the master model up to date with the replicas (all-reduce mode).</summary>
public sealed record SyncMaster
{
    public static SyncMaster Instance { get; } = new();
    private SyncMaster() { }
}

/// <summary>Coordinator → itself: every replica's weights after the initial broadcast, or why they could not be read.</summary>
internal sealed record ReplicaWeights(IActorRef ReplyTo, Trainer.Shared.Messages.LoadWeights[]? Replies, Exception? Error);

/// <summary>Coordinator → itself: the weights of the replica the master syncs from (all-reduce mode), or why not.</summary>
internal sealed record SyncSourceWeights(IActorRef ReplyTo, Trainer.Shared.Messages.LoadWeights? Weights, Exception? Error);

/// <summary>
/// Caller → coordinator: devices that joined mid-run (a worker that came late), by name, take
/// part from the next step. Parameter-server mode with the coordinator summing only; the reply
/// is <see cref="DevicesAdded"/>, or a Status.Failure saying why not.
/// </summary>
public sealed record AddDevices(IReadOnlyList<string> Devices);

/// <summary>Coordinator → caller: <see cref="Devices"/> are in the run and hold the current weights; they take part from <see cref="FromStep"/> at the latest.</summary>
public sealed record DevicesAdded(IReadOnlyList<string> Devices, long FromStep);

/// <summary>Coordinator → itself, on a timer: name the devices past the step deadline.</summary>
internal sealed record CheckDeadlines
{
    public static CheckDeadlines Instance { get; } = new();
    private CheckDeadlines() { }
}

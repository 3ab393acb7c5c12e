namespace Trainer.Coordinator.Cluster;

/// <summary>
/// gRPC service → a device's stand-in (in process): a shard's gradient arrived whole and valid
/// for the step and weights version the stand-in asked for.
/// </summary>
internal sealed record GradientsArrived(long Step, int Count, double LossSum, long Correct, float[] Gradients, double ComputeSeconds);

/// <summary>Registrar → a device's stand-in: its worker left or was downed; the device is out of the run.</summary>
internal sealed record WorkerLost(string Reason);

/// <summary>
/// The run → registrar: the coordinator exists; the devices of workers that join from now on
/// (and of those that joined since the run's device list was drawn) are handed to it.
/// </summary>
internal sealed record CoordinatorStarted(IActorRef Coordinator);

/// <summary>The run → the telemetry actor: the run is over; bring the workers' spans into the trace, waiting at most <see cref="Patience"/> for their flush.</summary>
internal sealed record GatherTelemetry(TimeSpan Patience);

/// <summary>The telemetry actor → the run: the spans are in the trace; each worker's clock correction, and the workers whose flush did not come.</summary>
internal sealed record TelemetryGathered(IReadOnlyDictionary<string, Trainer.Coordinator.Telemetry.ClockSummary> Clocks, IReadOnlyList<string> NotFlushed);

/// <summary>The telemetry actor → itself: time to probe the workers' clocks.</summary>
internal sealed record ProbeClocks
{
    public static ProbeClocks Instance { get; } = new();
    private ProbeClocks() { }
}

/// <summary>The telemetry actor → itself: the workers' flush took too long; gather what came.</summary>
internal sealed record GatherTimedOut
{
    public static GatherTimedOut Instance { get; } = new();
    private GatherTimedOut() { }
}

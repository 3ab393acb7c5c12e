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

namespace Trainer.Coordinator.Telemetry;

/// <summary>
/// The scalar tags a run writes to its <see cref="TensorBoardLog"/>, and the step each is written
/// at. TensorBoard groups a tag by its first segment ("train", "epoch", "device", "cluster").
/// </summary>
internal static class TensorBoardTags
{
    /// <summary>Per step (step = the global step, from 1): the step's mean loss, and samples/s over the step.</summary>
    public const string TrainLoss = "train/loss", TrainSamplesPerSec = "train/samples_per_sec";

    /// <summary>Per epoch (step = the epoch, from 1); accuracy as a fraction in [0, 1], absent for a regression job; test figures absent without a test set.</summary>
    public const string EpochLoss = "epoch/loss", EpochTrainAccuracy = "epoch/train_accuracy",
        EpochTestAccuracy = "epoch/test_accuracy", EpochTestLoss = "epoch/test_loss";

    /// <summary>Per step (the global step): the workers of the cluster that are members.</summary>
    public const string LiveWorkers = "cluster/live_workers";

    /// <summary>The phases a device's figures are written for (<see cref="Device"/>).</summary>
    public const string Forward = "forward_ms", Backward = "backward_ms", Transfer = "transfer_ms", Idle = "idle_ms";

    /// <summary>"device/cpu:0/forward_ms": one device's time in a phase per step, in ms (the device name as the run prints it).</summary>
    public static string Device(string device, string figure) => $"device/{device}/{figure}";
}

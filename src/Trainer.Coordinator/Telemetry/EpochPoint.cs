namespace Trainer.Coordinator.Telemetry;

/// <summary>One epoch of a run as its curves show it; a figure the job does not have is null.</summary>
/// <param name="Loss">The mean training loss over the epoch's steps.</param>
/// <param name="TrainAccuracy">A fraction in [0, 1]; null for a regression job.</param>
/// <param name="TestAccuracy">A fraction in [0, 1]; null without a test set or for a regression job.</param>
/// <param name="TestLoss">Null without a test set.</param>
internal sealed record EpochPoint(int Epoch, double Loss, double? TrainAccuracy = null, double? TestAccuracy = null, double? TestLoss = null);

namespace Trainer.Coordinator.DataParallel;

/// <summary>One epoch's figures: mean loss and accuracy over the samples seen, and throughput.</summary>
public sealed record EpochResult(double Loss, double Accuracy, long Samples, double Seconds, long Steps)
{
    public double SamplesPerSec => Samples / Seconds;
}

/// <summary>Running figures after each step, for a progress display.</summary>
public readonly record struct StepProgress(long Batch, long Batches, double Loss, double Accuracy, double SamplesPerSec);

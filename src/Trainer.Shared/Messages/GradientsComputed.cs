namespace Trainer.Shared.Messages;

/// <summary>
/// Device → coordinator: the mean-loss gradient over <see cref="Count"/> samples as one flat
/// buffer, every unique parameter end to end in named_parameters order (a tied parameter once,
/// its uses already summed by autograd), plus the loss sum and correct-prediction count of the
/// shard for progress figures, and the seconds its compute took (the coordinator's measure of
/// the device's speed). A device that had no samples this step sends Count 0 and an
/// empty buffer. Receivers treat <see cref="Gradients"/> as read-only and read it when they
/// take the message (the sender reuses it for a later step).
/// </summary>
public sealed record GradientsComputed(long Step, int Device, int Count, double LossSum, long Correct, float[] Gradients, double ComputeSeconds = 0);

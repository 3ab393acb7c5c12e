namespace Trainer.Shared.Messages;

/// <summary>
/// Device → coordinator: the mean-loss gradient over <see cref="Count"/> samples, one entry per
/// unique parameter (a tied parameter once, its uses already summed by autograd), plus the
/// loss sum and correct-prediction count of the shard for progress figures.
/// </summary>
public sealed record GradientsComputed(long Step, int Device, int Count, double LossSum, long Correct, IReadOnlyList<TensorData> Gradients);

namespace Trainer.Coordinator.DataParallel;

/// <summary>
/// How <see cref="DataParallelTrainer.RunEpoch"/> cuts an epoch: it starts at batch
/// <see cref="FirstBatch"/> (0, or where a resumed run stood), and after each batch count for
/// which <see cref="PauseAfter"/> is true it lets every step in flight finish before calling
/// <see cref="AtPause"/> with that count: the master then holds exactly the steps so far.
/// </summary>
public sealed record EpochSegments(int FirstBatch, Func<int, bool> PauseAfter, Action<int> AtPause);

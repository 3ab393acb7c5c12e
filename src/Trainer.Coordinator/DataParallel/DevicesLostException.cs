using Trainer.Coordinator.Checkpoints;

namespace Trainer.Coordinator.DataParallel;

/// <summary>
/// A cluster run lost every device: <see cref="Checkpoint"/> holds its state after the last
/// applied step (in --checkpoint-dir when <see cref="InCheckpointDir"/>, else in a temporary
/// folder the caller removes), from which the run can go on when workers come back.
/// </summary>
internal sealed class DevicesLostException(Checkpoint checkpoint, bool inCheckpointDir, Exception cause)
    : InvalidOperationException(cause.Message, cause)
{
    public Checkpoint Checkpoint { get; } = checkpoint;

    public bool InCheckpointDir { get; } = inCheckpointDir;
}

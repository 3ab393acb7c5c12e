namespace Trainer.Coordinator.Checkpoints;

/// <summary>
/// `--checkpoint-dir DIR --checkpoint-every STEPS` (write a checkpoint every STEPS applied
/// steps, keeping the last two) and `--resume DIR` (continue from DIR's newest complete one),
/// as `trainer train` and `trainer coordinator` take them.
/// </summary>
internal sealed record CheckpointOptions(string? Dir, int Every, string? Resume)
{
    /// <summary>The options as given; null when none of the three was.</summary>
    public static CheckpointOptions? From(string? dir, int? every, string? resume) =>
        dir is null && every is null && resume is null ? null : new CheckpointOptions(dir, every ?? 0, resume);

    internal void Validate()
    {
        if (Dir is null && Every != 0) throw new ArgumentException("--checkpoint-every needs --checkpoint-dir (where to write)");
        if (Dir is not null && Every < 1) throw new ArgumentException($"--checkpoint-dir needs --checkpoint-every STEPS of at least 1, got {Every}");
        if (Resume is not null && !Directory.Exists(Resume)) throw new ArgumentException($"--resume {Resume}: no such folder");
    }
}

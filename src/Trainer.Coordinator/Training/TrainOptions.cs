
namespace Trainer.Coordinator.Training;

/// <summary>
/// The harness's options of a training run (`train`, `coordinator`): how long, on what, how
/// split and where to write; the same for every job. What to train is the job's.
/// </summary>
internal sealed record TrainOptions(
    int Epochs = 10,
    int BatchSize = 256,
    int Seed = 0,
    string Devices = "auto",
    string? Out = null,
    int? Threads = null,
    string Mode = "ps",
    Trainer.Worker.FailureInjection? Failure = null,
    string Balance = "even",
    double StepTimeout = 300,
    Checkpoints.CheckpointOptions? Checkpoints = null,
    string? TensorBoard = null)
{
    private const double MaxStepTimeout = 7 * 24 * 3600;

    /// <summary>The per-step device deadline of a run on several devices (--step-timeout; 0: none).</summary>
    internal TimeSpan? StepDeadline => StepTimeout > 0 ? TimeSpan.FromSeconds(StepTimeout) : null;

    /// <summary>The one device of a single-device run (a list of several goes to the data-parallel run instead).</summary>
    internal Device ParseDevice()
    {
        var spec = Devices.Trim();
        if (spec.Contains(','))
            throw new ArgumentException($"--devices {Devices}: training on several devices is not supported yet; give one device such as cpu or cuda:0");
        if (spec == "auto") return torch.cuda.is_available() ? new Device(DeviceType.CUDA, 0) : torch.CPU;
        var device = torch.device(spec);
        if (device.type == DeviceType.CUDA && !torch.cuda.is_available())
            throw new ArgumentException($"--devices {Devices}: CUDA is not available on this machine");
        return device;
    }

    internal void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"--epochs must be at least 1, got {Epochs}");
        if (BatchSize < 1) throw new ArgumentException($"--batch-size must be at least 1, got {BatchSize}");
        _ = DataParallel.DataParallelModes.Parse(Mode);
        _ = DataParallel.ShardBalances.Parse(Balance);
        if (Threads is < 1) throw new ArgumentException($"--threads must be at least 1, got {Threads}");
        if (!(StepTimeout is >= 0 and <= MaxStepTimeout))
            throw new ArgumentException($"--step-timeout must be a number of seconds from 0 (no deadline) to {MaxStepTimeout:0} (a week), got {StepTimeout}");
        Checkpoints?.Validate();
        if (Checkpoints is not null && DataParallel.DataParallelModes.Parse(Mode) != DataParallel.DataParallelMode.ParameterServer)
            throw new ArgumentException($"--checkpoint-dir and --resume work in parameter-server mode (--mode ps): in {Mode} mode each replica keeps an optimizer state of its own, which a checkpoint does not hold");
    }

    /// <summary>Refuses an --out or --checkpoint-dir that cannot be written, before any work (creates them).</summary>
    /// <summary>The run's TensorBoard log (--tensorboard), or null.</summary>
    internal Telemetry.TensorBoardLog? OpenTensorBoard() => TensorBoard is null ? null : new Telemetry.TensorBoardLog(TensorBoard);

    /// <summary><paramref name="progress"/>, also written to <paramref name="log"/> when there is one.</summary>
    internal IProgressSink WithTensorBoard(IProgressSink progress, Telemetry.TensorBoardLog? log, Trainer.Shared.Telemetry.TraceRecorder trace, long samples) =>
        log is null ? progress : new Telemetry.TensorBoardProgress(progress, log, trace, BatchSize, samples);

    internal void CheckWritable()
    {
        if (Out is not null) WritableFolder.Check(Out, "--out");
        if (Checkpoints?.Dir is string dir) WritableFolder.Check(dir, "--checkpoint-dir");
        if (TensorBoard is not null) WritableFolder.Check(TensorBoard, "--tensorboard");
    }
}

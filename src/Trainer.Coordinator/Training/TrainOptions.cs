
namespace Trainer.Coordinator.Training;

/// <summary>What `trainer train` was asked to do.</summary>
internal sealed record TrainOptions(
    int Epochs = 10,
    int BatchSize = 256,
    double Lr = 0.1,
    int Seed = 0,
    string Devices = "auto",
    string? Out = null,
    string? DataRoot = null,
    int? Threads = null,
    string Mode = "ps",
    Trainer.Worker.FailureInjection? Failure = null,
    string Balance = "even",
    int Hidden = 256,
    string Model = "mlp",
    double StepTimeout = 300,
    Checkpoints.CheckpointOptions? Checkpoints = null)
{
    private const double MaxStepTimeout = 7 * 24 * 3600;

    /// <summary>The per-step device deadline of a run on several devices (--step-timeout; 0: none).</summary>
    internal TimeSpan? StepDeadline => StepTimeout > 0 ? TimeSpan.FromSeconds(StepTimeout) : null;

    /// <summary>The book's net this run trains (--model), with its description for summary.json.</summary>
    internal BookModel Net => BookModel.Parse(Model, Hidden, Seed);

    /// <summary>The model as printed in summary.json.</summary>
    internal string ModelDescription => Net.Description;

    /// <summary>The model in a progress line.</summary>
    internal string ModelName => Net.Name == "mlp" ? $"the concise MLP 784-{Hidden}-10" : $"the {Net.Name} net (hidden {Hidden})";

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
        if (Hidden < 1) throw new ArgumentException($"--hidden must be at least 1, got {Hidden}");
        _ = Net;
        if (BatchSize < 1) throw new ArgumentException($"--batch-size must be at least 1, got {BatchSize}");
        _ = DataParallel.DataParallelModes.Parse(Mode);
        _ = DataParallel.ShardBalances.Parse(Balance);
        if (Threads is < 1) throw new ArgumentException($"--threads must be at least 1, got {Threads}");
        if (!(Lr > 0) || double.IsInfinity(Lr)) throw new ArgumentException($"--lr must be a positive number, got {Lr}");
        if (!(StepTimeout is >= 0 and <= MaxStepTimeout))
            throw new ArgumentException($"--step-timeout must be a number of seconds from 0 (no deadline) to {MaxStepTimeout:0} (a week), got {StepTimeout}");
        Checkpoints?.Validate();
        if (Checkpoints is not null && DataParallel.DataParallelModes.Parse(Mode) != DataParallel.DataParallelMode.ParameterServer)
            throw new ArgumentException($"--checkpoint-dir and --resume work in parameter-server mode (--mode ps): in {Mode} mode each replica keeps an optimizer state of its own, which a checkpoint does not hold");
    }
}

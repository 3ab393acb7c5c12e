using Trainer.Coordinator.Training;
using Trainer.Shared.Wire;

namespace Trainer.Coordinator.Cluster;

/// <summary>What `trainer coordinator` was asked to do: where to listen, how to secure it, how many workers to wait for, and the training run (the options of `trainer train`).</summary>
internal sealed record CoordinatorOptions(
    Endpoint Listen,
    string? Credentials,
    bool Insecure,
    int MinWorkers,
    TimeSpan WorkerTimeout,
    TrainOptions Train)
{
    internal void Validate()
    {
        if (MinWorkers < 1) throw new ArgumentException($"--min-workers must be at least 1, got {MinWorkers}");
        if (WorkerTimeout <= TimeSpan.Zero) throw new ArgumentException($"--worker-timeout must be a positive number of seconds, got {WorkerTimeout.TotalSeconds}");
        Train.Validate();
        if (DataParallel.DataParallelModes.Parse(Train.Mode) != DataParallel.DataParallelMode.ParameterServer)
            throw new ArgumentException($"--mode {Train.Mode}: all-reduce between workers is not supported yet (a later issue); the cluster trains in parameter-server mode (--mode ps)");
    }
}

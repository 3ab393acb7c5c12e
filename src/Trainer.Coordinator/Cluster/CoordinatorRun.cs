using Trainer.Coordinator.DataParallel;
using Trainer.Coordinator.Training;
using Trainer.Shared.Data;
using Trainer.Shared.Security;
using Trainer.Shared.Telemetry;
using Trainer.Shared.Wire;
using Trainer.Worker;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// `trainer coordinator`: the Akka.Cluster seed node (role coordinator) on PORT and the gRPC
/// tensor service on PORT + 1 (<see cref="ClusterHost"/>). Waits for --min-workers workers,
/// trains on all their devices as `trainer train` trains on local ones (parameter-server mode,
/// the coordinator summing), writes the same outputs plus the workers' spans and traffic, tells
/// the workers the job is done and leaves. Workers that join once the run has started take part
/// from the next step.
/// </summary>
internal static class CoordinatorRun
{
    internal static TrainingRun.Summary Run(CoordinatorOptions options, IProgressSink progress)
    {
        options.Validate();
        using var credential = ClusterSecurity.Resolve(options.Credentials, options.Insecure);
        var train = options.Train;
        var directory = new WorkerDirectory(DataFingerprint.Of(train.DataRoot));
        directory.LiveChanged += progress.Workers;
        // The run's clock starts now: the workers' clocks are probed against it from their join.
        var trace = new TraceRecorder();
        void Log(string line) => progress.Message($"coordinator: {line}");

        using var host = ClusterHost.Start(options.Listen, credential, directory, ModelValues(train),
            () => new JoinAccepted { Model = train.Model, Hidden = train.Hidden, Seed = train.Seed }, trace, Log);
        Log($"listening: cluster {host.Seed} (Akka.Remote), tensors on {options.Listen.Host}:{options.Listen.TensorPort} (gRPC), "
            + (credential is null ? "INSECURE (no TLS)" : $"mutual TLS pinned to {credential.Thumbprint}") + $"; waiting for {options.MinWorkers} worker(s)");
        host.WaitForWorkers(options.MinWorkers, options.WorkerTimeout);
        var (specs, remote, telemetry) = host.CloseJoining();
        return DataParallelRun.Run(train, specs, progress, remote, trace, telemetry);
    }

    /// <summary>Parameter values of the run's model (each tied parameter once): the length every gradient upload must have.</summary>
    internal static long ModelValues(TrainOptions train)
    {
        using var model = train.Net.Create();
        using var parameters = new ParameterSet(model);
        return parameters.Numel;
    }
}

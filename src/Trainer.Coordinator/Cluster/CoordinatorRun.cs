using Trainer.Coordinator.Checkpoints;
using Trainer.Coordinator.DataParallel;
using Trainer.Coordinator.Training;
using Trainer.Shared.Data;
using Trainer.Shared.Security;
using Trainer.Shared.Telemetry;
using Trainer.Shared.Wire;
using Trainer.Worker;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// `coordinator`, for any job: the Akka.Cluster seed node (role coordinator) on PORT and the gRPC
/// tensor service on PORT + 1 (<see cref="ClusterHost"/>). Waits for --min-workers workers,
/// trains on all their devices as `trainer train` trains on local ones (parameter-server mode,
/// the coordinator summing), writes the same outputs plus the workers' spans and traffic (and
/// checkpoints, or resumes from one, as `trainer train` does), tells the workers the job is done
/// and leaves. Workers that join once the run has started take part from the next step. When
/// every worker is lost it waits --worker-timeout for workers to join again and goes on from the
/// last applied step, or fails naming its checkpoint.
/// </summary>
internal static class CoordinatorRun
{
    internal static TrainingRun.Summary Run(TrainingJob job, CoordinatorOptions options, IProgressSink progress)
    {
        options.Validate();
        job.Validate();
        using var credential = ClusterSecurity.Resolve(options.Credentials, options.Insecure);
        var train = options.Train;
        train.CheckWritable();
        void Log(string line) => progress.Message($"coordinator: {line}");
        // Before any worker joins: a resume that cannot work fails at once, naming the checkpoint's problem.
        var resume = train.Checkpoints?.Resume is string from ? CheckpointReader.Newest(from, Log) : null;
        // The coordinator's own copy of the job's data: the workers' must have its fingerprint.
        using var data = new JobData(job);
        var spec = Trainer.Worker.Jobs.JobSignature.Of(job, data.Train);
        var directory = new WorkerDirectory(spec);
        // The run's clock starts now: the workers' clocks are probed against it from their join.
        var trace = new TraceRecorder();
        using var tensorBoard = train.OpenTensorBoard();
        progress = train.WithTensorBoard(progress, tensorBoard, trace, data.Train.Count);
        directory.LiveChanged += progress.Workers;

        string? scratch = null; // a checkpoint folder of our own (no --checkpoint-dir), removed at the end
        try
        {
            using var host = ClusterHost.Start(options.Listen, credential, directory, ModelValues(job), trace, Log);
            Log($"job {job.Name}; listening: cluster {host.Seed} (Akka.Remote), tensors on {options.Listen.Host}:{options.Listen.TensorPort} (gRPC), "
                + (credential is null ? "INSECURE (no TLS)" : $"mutual TLS pinned to {credential.Thumbprint}") + $"; waiting for {options.MinWorkers} worker(s)");
            host.WaitForWorkers(options.MinWorkers, options.WorkerTimeout);
            while (true)
            {
                var (specs, remote, telemetry) = host.CloseJoining();
                try
                {
                    return DataParallelRun.Run(job, train, specs, progress, remote, trace, telemetry, resume, data);
                }
                catch (DevicesLostException lost)
                {
                    if (!lost.InCheckpointDir)
                    {
                        if (scratch is not null) Directory.Delete(scratch, recursive: true);
                        scratch = Path.GetDirectoryName(lost.Checkpoint.Folder);
                    }
                    resume = lost.Checkpoint;
                    WaitForReturn(host, options, lost, Log);
                }
            }
        }
        finally
        {
            if (scratch is not null) Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// Every worker is gone: the run's state after its last applied step is in the exception's
    /// checkpoint. Opens the door again and waits up to --worker-timeout for --min-workers
    /// workers (new ones, or the lost ones rejoining as new members); the caller then goes on
    /// from that checkpoint. Otherwise fails, naming the checkpoint to --resume from.
    /// </summary>
    private static void WaitForReturn(ClusterHost host, CoordinatorOptions options, DevicesLostException lost, Action<string> log)
    {
        var step = lost.Checkpoint.Progress.GlobalStep;
        var timeout = options.WorkerTimeout.TotalSeconds;
        log($"every worker is gone after step {step} ({lost.Message}); waiting up to {timeout:0} s (--worker-timeout) for {options.MinWorkers} worker(s) to join again"
            + (lost.InCheckpointDir ? $"; checkpoint {lost.Checkpoint.Folder}" : ""));
        host.ReopenJoining();
        host.WaitForWorkers(options.MinWorkers, options.WorkerTimeout, joined => $"every worker was lost after step {step}, and {joined} of the {options.MinWorkers} worker(s) asked for (--min-workers) joined again within {timeout:0} s (--worker-timeout); "
            + (lost.InCheckpointDir
                ? $"the run's state after step {step} is in {lost.Checkpoint.Folder}: continue it with --resume {Path.GetDirectoryName(lost.Checkpoint.Folder)}"
                : $"without --checkpoint-dir the state after step {step} is not kept"));
        log($"{host.Directory.LiveWorkers} worker(s) joined again; going on from step {step}");
    }

    /// <summary>Parameter values of the run's model (each tied parameter once): the length every gradient upload must have.</summary>
    internal static long ModelValues(TrainingJob job)
    {
        using var model = job.Model();
        using var parameters = new ParameterSet(model);
        return parameters.Numel;
    }
}

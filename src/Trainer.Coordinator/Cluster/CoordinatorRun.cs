using System.Diagnostics;
using System.Net;
using Trainer.Coordinator.Checkpoints;
using Trainer.Coordinator.DataParallel;
using Trainer.Coordinator.Training;
using Trainer.Shared.Actors;
using Trainer.Shared.Data;
using Trainer.Shared.Security;
using Trainer.Shared.Wire;
using Trainer.Worker;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// `trainer coordinator`: the Akka.Cluster seed node (role coordinator) on PORT and the gRPC
/// tensor service on PORT + 1. Waits for --min-workers workers, trains on all their devices as
/// `trainer train` trains on local ones (parameter-server mode, the coordinator summing), writes
/// the same outputs (and checkpoints, or resumes from one, as `trainer train` does), tells the
/// workers the job is done and leaves. When every worker is lost it waits --worker-timeout for
/// workers to join again and goes on from the last applied step, or fails naming its checkpoint.
/// </summary>
internal static class CoordinatorRun
{
    internal static TrainingRun.Summary Run(CoordinatorOptions options, IProgressSink progress)
    {
        options.Validate();
        using var credential = ClusterSecurity.Resolve(options.Credentials, options.Insecure);
        var train = options.Train;
        void Log(string line) => progress.Message($"coordinator: {line}");
        // Before any worker joins: a resume that cannot work fails at once, naming the checkpoint's problem.
        var resume = train.Checkpoints?.Resume is string from ? CheckpointReader.Newest(from, Log) : null;
        var fingerprint = DataFingerprint.Of(train.DataRoot);
        var directory = new WorkerDirectory(fingerprint);
        var weights = new WeightsStore();
        var inbox = new GradientInbox(directory, ModelValues(train));

        var address = ResolveAddress(options.Listen.Host);
        var server = TensorServer.StartAsync(address, options.Listen.TensorPort, credential, new TensorServiceImpl(inbox, weights, directory, Log)).GetAwaiter().GetResult();
        var seed = TrainerActorSystem.SeedAddress(options.Listen.Host, options.Listen.Port, credential is not null);
        var system = TrainerActorSystem.CreateClusterNode(TrainerActorSystem.CoordinatorRole, options.Listen.Host, options.Listen.Port, seed, credential);
        string? scratch = null; // a checkpoint folder of our own (no --checkpoint-dir), removed at the end
        try
        {
            system.ActorOf(RegistrarActor.Create(directory,
                () => new JoinAccepted { Model = train.Model, Hidden = train.Hidden, Seed = train.Seed, GrpcPort = options.Listen.TensorPort }, Log), RegistrarActor.Name);
            Log($"listening: cluster {seed} (Akka.Remote), tensors on {options.Listen.Host}:{options.Listen.TensorPort} (gRPC), "
                + (credential is null ? "INSECURE (no TLS)" : $"mutual TLS pinned to {credential.Thumbprint}") + $"; waiting for {options.MinWorkers} worker(s)");
            WaitForWorkers(directory, options, joined => $"{joined} of the {options.MinWorkers} worker(s) asked for (--min-workers) joined within {options.WorkerTimeout.TotalSeconds:0} s (--worker-timeout)");
            while (true)
            {
                var devices = directory.Close();
                var specs = devices.Select(d => new DeviceSpec($"{d.Worker.WorkerId}/{d.Worker.Devices[d.Local]}", torch.CPU)).ToList();
                var remote = new RemoteDevices(system, (i, spec) =>
                    RemoteDeviceActor.Create(i, devices[i].Id, spec, devices[i].Worker, directory, weights, inbox));
                try
                {
                    return DataParallelRun.Run(train, specs, progress, remote, resume);
                }
                catch (DevicesLostException lost)
                {
                    if (!lost.InCheckpointDir)
                    {
                        if (scratch is not null) Directory.Delete(scratch, recursive: true);
                        scratch = Path.GetDirectoryName(lost.Checkpoint.Folder);
                    }
                    resume = lost.Checkpoint;
                    WaitForReturn(directory, weights, options, lost, Log);
                }
            }
        }
        finally
        {
            foreach (var w in directory.All.Where(w => !w.Lost)) w.Node.Tell(new JobDone { Reason = "the run is over" });
            Leave(system);
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            if (scratch is not null) Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// Every worker is gone: the run's state after its last applied step is in the exception's
    /// checkpoint. Opens the door again and waits up to --worker-timeout for --min-workers
    /// workers (new ones, or the lost ones rejoining as new members); the caller then goes on
    /// from that checkpoint. Otherwise fails, naming the checkpoint to --resume from.
    /// </summary>
    private static void WaitForReturn(WorkerDirectory directory, WeightsStore weights, CoordinatorOptions options, DevicesLostException lost, Action<string> log)
    {
        var step = lost.Checkpoint.Progress.GlobalStep;
        var timeout = options.WorkerTimeout.TotalSeconds;
        log($"every worker is gone after step {step} ({lost.Message}); waiting up to {timeout:0} s (--worker-timeout) for {options.MinWorkers} worker(s) to join again"
            + (lost.InCheckpointDir ? $"; checkpoint {lost.Checkpoint.Folder}" : ""));
        weights.Reset();
        directory.Reopen();
        WaitForWorkers(directory, options, joined => $"every worker was lost after step {step}, and {joined} of the {options.MinWorkers} worker(s) asked for (--min-workers) joined again within {timeout:0} s (--worker-timeout); "
            + (lost.InCheckpointDir
                ? $"the run's state after step {step} is in {lost.Checkpoint.Folder}: continue it with --resume {Path.GetDirectoryName(lost.Checkpoint.Folder)}"
                : $"without --checkpoint-dir the state after step {step} is not kept"));
        log($"{directory.LiveWorkers} worker(s) joined again; going on from step {step}");
    }

    /// <summary>Parameter values of the run's model (each tied parameter once): the length every gradient upload must have.</summary>
    private static long ModelValues(TrainOptions train)
    {
        using var model = train.Net.Create();
        using var parameters = new ParameterSet(model);
        return parameters.Numel;
    }

    private static IPAddress ResolveAddress(string host) =>
        IPAddress.TryParse(host, out var ip) ? ip
        : host == "localhost" ? IPAddress.Loopback
        : Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new ArgumentException($"--listen {host}: the host name does not resolve");

    /// <summary>Waits up to --worker-timeout for --min-workers live workers; the timeout's message is <paramref name="failure"/> of the count that joined.</summary>
    private static void WaitForWorkers(WorkerDirectory directory, CoordinatorOptions options, Func<int, string> failure)
    {
        var clock = Stopwatch.StartNew();
        while (directory.LiveWorkers < options.MinWorkers)
        {
            if (clock.Elapsed > options.WorkerTimeout) throw new TimeoutException(failure(directory.LiveWorkers));
            Thread.Sleep(100);
        }
    }

    /// <summary>Leaves the cluster (the workers see the coordinator go and have been told the job is done), bounded.</summary>
    private static void Leave(ActorSystem system)
    {
        var left = CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        if (!left.Wait(TimeSpan.FromSeconds(15))) system.Terminate().Wait(TimeSpan.FromSeconds(5));
    }
}

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
/// workers the job is done and leaves.
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
        try
        {
            system.ActorOf(RegistrarActor.Create(directory,
                () => new JoinAccepted { Model = train.Model, Hidden = train.Hidden, Seed = train.Seed, GrpcPort = options.Listen.TensorPort }, Log), RegistrarActor.Name);
            Log($"listening: cluster {seed} (Akka.Remote), tensors on {options.Listen.Host}:{options.Listen.TensorPort} (gRPC), "
                + (credential is null ? "INSECURE (no TLS)" : $"mutual TLS pinned to {credential.Thumbprint}") + $"; waiting for {options.MinWorkers} worker(s)");
            WaitForWorkers(directory, options, joined => $"{joined} of the {options.MinWorkers} worker(s) asked for (--min-workers) joined within {options.WorkerTimeout.TotalSeconds:0} s (--worker-timeout)");
            var devices = directory.Close();
            var specs = devices.Select(d => new DeviceSpec($"{d.Worker.WorkerId}/{d.Worker.Devices[d.Local]}", torch.CPU)).ToList();
            var remote = new RemoteDevices(system, (i, spec) =>
                RemoteDeviceActor.Create(i, devices[i].Id, spec, devices[i].Worker, directory, weights, inbox));
            return DataParallelRun.Run(train, specs, progress, remote, resume);
        }
        finally
        {
            foreach (var w in directory.All.Where(w => !w.Lost)) w.Node.Tell(new JobDone { Reason = "the run is over" });
            Leave(system);
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
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

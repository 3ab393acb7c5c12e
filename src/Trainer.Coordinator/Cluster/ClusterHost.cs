using System.Diagnostics;
using System.Net;
using Trainer.Coordinator.DataParallel;
using Trainer.Shared.Actors;
using Trainer.Shared.Security;
using Trainer.Shared.Telemetry;
using Trainer.Shared.Wire;
using Trainer.Worker;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The coordinator's side of a cluster, for `trainer coordinator` and the scaling benchmark:
/// the gRPC tensor service on PORT + 1, the Akka.Cluster seed node (role coordinator) on PORT
/// with its registrar and telemetry collector, and the book of workers. Workers join until
/// <see cref="CloseJoining"/>, which gives the run its devices. Disposing tells the live workers
/// the job is done, leaves the cluster and stops the service, each bounded.
/// </summary>
internal sealed class ClusterHost : IDisposable
{
    private readonly TensorServer server;
    // The service reads these; the stand-ins write them (the weights) and the run reads them (the ledger).
    private readonly WeightsStore weights;
    private readonly GradientInbox inbox;
    private readonly TransferLedger ledger;
    private readonly IActorRef collector;
    private readonly IActorRef registrar;
    private readonly Action<string> log;

    private ClusterHost(TensorServer server, WeightsStore weights, GradientInbox inbox, TransferLedger ledger, ActorSystem system, string seed, WorkerDirectory directory,
        TraceRecorder trace, Action<string> log, Func<JoinAccepted> acceptance)
    {
        this.server = server;
        this.weights = weights;
        this.inbox = inbox;
        this.ledger = ledger;
        System = system;
        Seed = seed;
        Directory = directory;
        this.log = log;
        registrar = system.ActorOf(RegistrarActor.Create(directory, acceptance, log), RegistrarActor.Name);
        collector = system.ActorOf(TelemetryActor.Create(trace, directory, log), TelemetryActor.Name);
    }

    public ActorSystem System { get; }

    /// <summary>The seed address workers join (akka.tcp:// or akka.ssl.tcp://).</summary>
    public string Seed { get; }

    public WorkerDirectory Directory { get; }

    /// <summary>What the tensor service moved, per device.</summary>
    public TransferLedger Ledger => ledger;

    /// <summary>
    /// Starts the service and the seed node. <paramref name="trace"/> is the run's recorder: the
    /// workers' clocks are probed against it from their join.
    /// </summary>
    public static ClusterHost Start(Endpoint listen, ClusterCredential? credential, WorkerDirectory directory, long modelValues,
        TraceRecorder trace, Action<string> log)
    {
        var inbox = new GradientInbox(directory, modelValues);
        var weights = new WeightsStore();
        var ledger = new TransferLedger();
        var server = TensorServer.StartAsync(ResolveAddress(listen.Host), listen.TensorPort, credential, new TensorServiceImpl(inbox, weights, directory, log, ledger),
            why => log($"refused a TLS connection on the tensor port {listen.TensorPort}, {why}")).GetAwaiter().GetResult();
        try
        {
            var seed = TrainerActorSystem.SeedAddress(listen.Host, listen.Port, credential is not null);
            var system = TrainerActorSystem.CreateClusterNode(TrainerActorSystem.CoordinatorRole, listen.Host, listen.Port, seed, credential,
                why => log($"refused a TLS connection on the cluster port {listen.Port} from {why}"));
            JoinAccepted Accept() => new() { GrpcPort = listen.TensorPort };
            return new ClusterHost(server, weights, inbox, ledger, system, seed, directory, trace, log, Accept);
        }
        catch
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="count"/> workers are live; past <paramref name="timeout"/> it throws, naming the options.</summary>
    public void WaitForWorkers(int count, TimeSpan timeout) =>
        WaitForWorkers(count, timeout, joined => $"{joined} of the {count} worker(s) asked for (--min-workers) joined within {timeout.TotalSeconds:0} s (--worker-timeout)");

    /// <summary>Waits until <paramref name="count"/> workers are live; past <paramref name="timeout"/> it throws with <paramref name="failure"/> of the count that joined.</summary>
    public void WaitForWorkers(int count, TimeSpan timeout, Func<int, string> failure)
    {
        var clock = Stopwatch.StartNew();
        while (Directory.LiveWorkers < count)
        {
            if (clock.Elapsed > timeout) throw new TimeoutException(failure(Directory.LiveWorkers));
            Thread.Sleep(100);
        }
    }

    /// <summary>
    /// Lets workers join again after every worker was lost, for a run that goes on from its
    /// last applied step: the weights published by the lost run are dropped (the next run
    /// publishes its own from version 0) and the directory takes joins as before a run.
    /// Then <see cref="CloseJoining"/> again gives the next run its devices.
    /// </summary>
    public void ReopenJoining()
    {
        weights.Reset();
        Directory.Reopen();
    }

    /// <summary>Ends joining: the live workers' devices (named WORKER/DEVICE), their stand-ins for the run, and the run's remote telemetry.</summary>
    public (IReadOnlyList<DeviceSpec> Specs, RemoteDevices Remote, ClusterTelemetry Telemetry) CloseJoining()
    {
        var devices = Directory.Close();
        var specs = devices.Select(d => new DeviceSpec(d.Worker.DeviceName(d.Local), torch.CPU)).ToList();
        // Stand-ins are found by the device's name, not its place: devices of workers that join
        // mid-run are added to the coordinator's list later (RegistrarActor, once told who it is).
        var remote = new RemoteDevices(System, (i, spec) =>
        {
            var (id, worker) = Directory.DeviceNamed(spec.Name) ?? throw new InvalidOperationException($"no worker has device {spec.Name}");
            return RemoteDeviceActor.Create(i, id, spec, worker, Directory, weights, inbox);
        }, coordinator => registrar.Tell(new CoordinatorStarted(coordinator)));
        return (specs, remote, new ClusterTelemetry(collector, ledger, devices, log));
    }

    private static IPAddress ResolveAddress(string host) =>
        IPAddress.TryParse(host, out var ip) ? ip
        : host == "localhost" ? IPAddress.Loopback
        : Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new ArgumentException($"--listen {host}: the host name does not resolve");

    public void Dispose()
    {
        foreach (var w in Directory.All.Where(w => !w.Lost)) w.Node.Tell(new JobDone { Reason = "the run is over" });
        // Leaves the cluster (the workers see the coordinator go and have been told the job is done), bounded.
        var left = CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        if (!left.Wait(TimeSpan.FromSeconds(15))) System.Terminate().Wait(TimeSpan.FromSeconds(5));
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

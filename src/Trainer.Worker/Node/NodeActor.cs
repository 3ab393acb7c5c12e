using Akka.Cluster;
using Trainer.Shared.Actors;
using Trainer.Shared.Telemetry;
using Trainer.Shared.Wire;

namespace Trainer.Worker.Node;

/// <summary>
/// A worker node (at /user/node): once its member is up it asks the coordinator's registrar to
/// join, retrying until answered; when accepted it builds one device link (and device actor) per
/// local device and relays each shard assignment to its link. It ends this member's part with a
/// <see cref="NodeEnd"/>: the job done, refused, or lost (the worker may then join again).
/// It answers the coordinator's clock probes at once and ships its devices' spans to the
/// coordinator's telemetry actor every second, and all of them when asked to flush.
/// </summary>
internal sealed class NodeActor : ReceiveActor, IWithTimers
{
    private readonly WorkerNodeOptions options;
    private readonly string workerId;
    private readonly TaskCompletionSource<NodeEnd> exit;
    private readonly Dictionary<int, IActorRef> links = new();
    private readonly DateTime giveUpAt;
    private readonly WorkerTelemetry telemetry = new();
    private readonly IBatchSource data;
    private readonly JobSpec job;
    private TensorClient? client;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="data">The job's training data, made once per process (every incarnation reads it; the caller owns it).</param>
    /// <param name="job">The job's signature over <paramref name="data"/>, sent with every join request.</param>
    public NodeActor(WorkerNodeOptions options, string workerId, TaskCompletionSource<NodeEnd> exit, IBatchSource data, JobSpec job)
    {
        this.options = options;
        this.data = data;
        this.job = job;
        this.workerId = workerId;
        this.exit = exit;
        giveUpAt = DateTime.UtcNow + (options.JoinTimeout ?? TimeSpan.FromSeconds(60));
        Receive<TryJoin>(_ => AskToJoin());
        Receive<JoinAccepted>(OnAccepted);
        Receive<JoinRefused>(r => End(NodeEnd.Refused, $"refused by the coordinator: {r.Reason}"));
        Receive<AssignShard>(OnAssign);
        Receive<JobDone>(d => End(NodeEnd.JobDone, $"the coordinator ended the job ({d.Reason})"));
        Receive<LinkFailed>(f => End(NodeEnd.Lost, f.Reason));
        // The coordinator leaves the cluster on purpose (Exiting) only when its job is over: a
        // worker that missed the JobDone (it rejoined at the very end, say) ends as done, not as
        // lost. A coordinator that dies is downed instead, and the worker tries to join again.
        Receive<ClusterEvent.MemberRemoved>(m =>
        {
            if (m.Member.HasRole(TrainerActorSystem.CoordinatorRole) && m.PreviousStatus == MemberStatus.Exiting)
                End(NodeEnd.JobDone, "the coordinator left the cluster: the job is over");
        });
        // The reading is taken in the handler, so the mailbox's wait counts in the round trip
        // (and so in the error bound), never in the offset.
        Receive<ClockProbe>(p => Sender.Tell(new ClockEcho { Id = p.Id, SentUs = p.SentUs, WorkerUs = telemetry.Trace.NowUs }));
        Receive<ShipSpans>(_ => Ship(Context.ActorSelection(Telemetry), last: false));
        Receive<FlushTelemetry>(_ => Flush(Sender, Environment.TickCount64 + FlushPatienceMs));
        Receive<FlushWhenIdle>(f => Flush(f.ReplyTo, f.GiveUpAt));
    }

    /// <summary>How long a flush waits for the transfers under way to record their spans.</summary>
    private const long FlushPatienceMs = 2000;

    private string Telemetry => TrainerActorSystem.SeedAddress(options.Join.Host, options.Join.Port, options.Credential is not null) + "/user/telemetry";

    /// <summary>Sends the spans held, in batches; <paramref name="last"/>: every one, ending with a batch marked last.</summary>
    private void Ship(ICanTell to, bool last)
    {
        while (telemetry.NextBatch(workerId, last) is { } batch)
        {
            to.Tell(batch, Self);
            if (batch.Last || (!last && batch.Spans.Count < WireLimits.MaxSpansPerBatch)) return;
        }
    }

    private void Flush(IActorRef replyTo, long giveUpAt)
    {
        if (telemetry.TransfersInFlight > 0 && Environment.TickCount64 < giveUpAt)
        {
            Timers.StartSingleTimer("flush", new FlushWhenIdle(replyTo, giveUpAt), TimeSpan.FromMilliseconds(20));
            return;
        }
        Ship(replyTo, last: true);
    }

    public static Props Create(WorkerNodeOptions options, string workerId, TaskCompletionSource<NodeEnd> exit, IBatchSource data, JobSpec job) =>
        Props.Create(() => new NodeActor(options, workerId, exit, data, job));

    private string Registrar => TrainerActorSystem.SeedAddress(options.Join.Host, options.Join.Port, options.Credential is not null) + "/user/registrar";

    private void AskToJoin()
    {
        if (client is not null) return;
        if (DateTime.UtcNow > giveUpAt)
        {
            End(NodeEnd.Lost, $"the coordinator's registrar at {Registrar} did not answer");
            return;
        }
        var request = new JoinRequest { WorkerId = workerId };
        request.Devices.AddRange(options.Devices.Select(d => d.Name));
        request.Job = job;
        Context.ActorSelection(Registrar).Tell(request, Self);
        Timers.StartSingleTimer("join", TryJoin.Instance, TimeSpan.FromSeconds(3));
    }

    private void OnAccepted(JoinAccepted accepted)
    {
        if (client is not null) return; // a retry's second answer
        Timers.Cancel("join");
        if (accepted.DeviceIds.Count != options.Devices.Count)
        {
            End(NodeEnd.Refused, $"the coordinator gave {accepted.DeviceIds.Count} device ids for {options.Devices.Count} devices");
            return;
        }
        try
        {
            var modelFactory = options.Job.Model;
            long values;
            using (var probe = modelFactory())
            using (var parameters = new ParameterSet(probe))
                values = parameters.Numel;
            client = new TensorClient(options.Join.Host, accepted.GrpcPort, options.Credential, workerId);
            var replica = new ReplicaSetup(modelFactory, options.Job.Loss, data, telemetry.Trace, Failure: options.Failure);
            for (var i = 0; i < options.Devices.Count; i++)
                links[accepted.DeviceIds[i]] = Context.ActorOf(DeviceLinkActor.Create(accepted.DeviceIds[i], options.Devices[i], replica, client, values, telemetry, options.UploadDelay), $"link-{accepted.DeviceIds[i]}");
            Timers.StartPeriodicTimer("ship", ShipSpans.Instance, TimeSpan.FromSeconds(1));
            options.Log($"joined as {workerId}: devices {string.Join(", ", options.Devices.Select((d, i) => $"{d.Name} = {accepted.DeviceIds[i]}"))}, "
                + $"job {options.Job.Name} ({values} values), tensors on {options.Join.Host}:{accepted.GrpcPort}");
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
        {
            End(NodeEnd.Refused, $"cannot build the replicas: {e.Message}");
        }
    }

    private void OnAssign(AssignShard a)
    {
        if (links.TryGetValue(a.DeviceId, out var link)) link.Forward(a);
        else options.Log($"an assignment for device {a.DeviceId}, which is not on this worker, was ignored");
    }

    private void End(NodeEnd how, string why)
    {
        options.Log(why);
        exit.TrySetResult(how);
    }

    protected override void PreStart() => Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop()
    {
        client?.Dispose();
    }
}

using Trainer.Shared.Actors;
using Trainer.Shared.Telemetry;
using Trainer.Shared.Wire;

namespace Trainer.Worker.Node;

/// <summary>
/// A worker node (at /user/node): once its member is up it asks the coordinator's registrar to
/// join, retrying until answered; when accepted it builds one device link (and device actor) per
/// local device and relays each shard assignment to its link. It ends this member's part with a
/// <see cref="NodeEnd"/>: the job done, refused, or lost (the worker may then join again).
/// </summary>
internal sealed class NodeActor : ReceiveActor, IWithTimers
{
    private readonly WorkerNodeOptions options;
    private readonly string workerId;
    private readonly TaskCompletionSource<NodeEnd> exit;
    private readonly Action onAccepted;
    private readonly Dictionary<int, IActorRef> links = new();
    private readonly DateTime giveUpAt;
    private TensorClient? client;
    private IBatchSource? data;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="onAccepted">Called once the coordinator took this node into a run (a worker that rejoins counts its attempts from there).</param>
    public NodeActor(WorkerNodeOptions options, string workerId, TaskCompletionSource<NodeEnd> exit, Action onAccepted)
    {
        this.onAccepted = onAccepted;
        this.options = options;
        this.workerId = workerId;
        this.exit = exit;
        giveUpAt = DateTime.UtcNow + (options.JoinTimeout ?? TimeSpan.FromSeconds(60));
        Receive<TryJoin>(_ => AskToJoin());
        Receive<JoinAccepted>(OnAccepted);
        Receive<JoinRefused>(r => End(NodeEnd.Refused, $"refused by the coordinator: {r.Reason}"));
        Receive<AssignShard>(OnAssign);
        Receive<JobDone>(d => End(NodeEnd.JobDone, $"the coordinator ended the job ({d.Reason})"));
        Receive<LinkFailed>(f => End(NodeEnd.Lost, f.Reason));
    }

    public static Props Create(WorkerNodeOptions options, string workerId, TaskCompletionSource<NodeEnd> exit, Action onAccepted) =>
        Props.Create(() => new NodeActor(options, workerId, exit, onAccepted));

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
        request.Data.AddRange(options.DataFiles);
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
            data = options.Data();
            var modelFactory = options.ModelFor(accepted);
            long values;
            using (var probe = modelFactory())
            using (var parameters = new ParameterSet(probe))
                values = parameters.Numel;
            client = new TensorClient(options.Join.Host, accepted.GrpcPort, options.Credential, workerId);
            var replica = new ReplicaSetup(modelFactory, options.LossFactory, data, new TraceRecorder());
            for (var i = 0; i < options.Devices.Count; i++)
                links[accepted.DeviceIds[i]] = Context.ActorOf(DeviceLinkActor.Create(accepted.DeviceIds[i], options.Devices[i], replica, client, values), $"link-{accepted.DeviceIds[i]}");
            options.Log($"joined as {workerId}: devices {string.Join(", ", options.Devices.Select((d, i) => $"{d.Name} = {accepted.DeviceIds[i]}"))}, "
                + $"model {accepted.Model} (hidden {accepted.Hidden}, {values} values), tensors on {options.Join.Host}:{accepted.GrpcPort}");
            onAccepted();
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

    protected override void PostStop()
    {
        client?.Dispose();
        (data as IDisposable)?.Dispose();
    }
}

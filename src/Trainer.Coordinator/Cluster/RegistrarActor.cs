using Akka.Cluster;
using Akka.Event;
using Trainer.Coordinator.Actors;
using Trainer.Shared.Wire;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The coordinator's door (at /user/registrar): a worker asks to join with its devices and its
/// data set's fingerprint and is accepted or refused with the reason. It follows the cluster's
/// membership: a worker whose member is removed (left, or downed by the Split Brain Resolver)
/// loses its devices, whose stand-ins then fail their shards. A worker that joins once the run
/// has started is accepted like the others, and its devices are handed to the coordinator
/// (<see cref="AddDevices"/>): they load the current weights (parameter-server mode needs no
/// optimizer state on a replica) and take part from the next step.
/// </summary>
internal sealed class RegistrarActor : ReceiveActor
{
    public const string Name = "registrar";

    private readonly WorkerDirectory directory;
    private readonly Func<JoinAccepted> acceptance;
    private readonly Action<string> log;
    // The coordinator, once the run has made it; until then late joiners wait here, in order.
    private IActorRef? coordinator;
    private readonly List<WorkerDirectory.Member> lateJoiners = new();
    private readonly HashSet<string> handedOver = new();

    public RegistrarActor(WorkerDirectory directory, Func<JoinAccepted> acceptance, Action<string> log)
    {
        this.directory = directory;
        this.acceptance = acceptance;
        this.log = log;
        Receive<JoinRequest>(OnJoin);
        Receive<CoordinatorStarted>(OnCoordinatorStarted);
        Receive<DevicesAdded>(a => log($"devices {string.Join(", ", a.Devices)} take part from step {a.FromStep}"));
        Receive<Status.Failure>(f => log($"devices that joined mid-run were not added: {f.Cause.Message}"));
        Receive<ClusterEvent.MemberRemoved>(m => OnLost(m.Member, "left the cluster or was downed"));
        Receive<ClusterEvent.UnreachableMember>(m => log($"worker at {m.Member.Address} is unreachable; it is taken out of the run if it stays so"));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public static Props Create(WorkerDirectory directory, Func<JoinAccepted> acceptance, Action<string> log) =>
        Props.Create(() => new RegistrarActor(directory, acceptance, log));

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.UnreachableMember));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void OnJoin(JoinRequest request)
    {
        var (member, refusal) = directory.Join(request, Sender);
        if (member is null)
        {
            log($"worker {request.WorkerId} at {Sender.Path.Address} refused: {refusal}");
            Sender.Tell(new JoinRefused { Reason = refusal });
            return;
        }
        log($"worker {member.WorkerId} at {member.Address} joined{(member.JoinedMidRun ? " mid-run" : "")} with {string.Join(",", member.Devices)} ({directory.LiveWorkers} live)");
        var accepted = acceptance();
        accepted.WorkerId = member.WorkerId;
        accepted.DeviceIds.AddRange(member.DeviceIds);
        // Accepted first: the worker builds its replicas before the coordinator's first shard
        // reaches it (both go over the one connection between the two nodes, in order).
        Sender.Tell(accepted);
        if (member.JoinedMidRun && handedOver.Add(member.WorkerId)) HandOver(member);
    }

    private void OnCoordinatorStarted(CoordinatorStarted started)
    {
        coordinator = started.Coordinator;
        foreach (var member in lateJoiners) HandOver(member);
        lateJoiners.Clear();
    }

    /// <summary>Gives the coordinator the devices of a worker that joined mid-run (or keeps them until it exists).</summary>
    private void HandOver(WorkerDirectory.Member member)
    {
        if (coordinator is null)
        {
            lateJoiners.Add(member);
            return;
        }
        coordinator.Tell(new AddDevices(member.Devices.Select((_, local) => member.DeviceName(local)).ToList()), Self);
    }

    private void OnLost(Member member, string how)
    {
        if (!member.HasRole(Trainer.Shared.Actors.TrainerActorSystem.WorkerRole)) return;
        var (worker, standIns) = directory.Lose(member.Address);
        if (worker is null) return;
        log($"worker {worker.WorkerId} at {member.Address} {how}; {standIns.Count} device(s) out of the run ({directory.LiveWorkers} live)");
        foreach (var s in standIns) s.Tell(new WorkerLost($"worker {worker.WorkerId} {how}"));
        Context.GetLogger().Info("worker {0} lost", worker.WorkerId);
    }
}

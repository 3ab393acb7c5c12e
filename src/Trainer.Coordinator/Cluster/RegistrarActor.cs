using Akka.Cluster;
using Akka.Event;
using Trainer.Shared.Wire;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The coordinator's door (at /user/registrar): a worker asks to join with its devices and its
/// data set's fingerprint and is accepted or refused with the reason. It follows the cluster's
/// membership: a worker whose member is removed (left, or downed by the Split Brain Resolver)
/// loses its devices, whose stand-ins then fail their shards.
/// </summary>
internal sealed class RegistrarActor : ReceiveActor
{
    public const string Name = "registrar";

    private readonly WorkerDirectory directory;
    private readonly Func<JoinAccepted> acceptance;
    private readonly Action<string> log;

    public RegistrarActor(WorkerDirectory directory, Func<JoinAccepted> acceptance, Action<string> log)
    {
        this.directory = directory;
        this.acceptance = acceptance;
        this.log = log;
        Receive<JoinRequest>(OnJoin);
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
        log($"worker {member.WorkerId} at {member.Address} joined with {string.Join(",", member.Devices)} ({directory.LiveWorkers} live)");
        var accepted = acceptance();
        accepted.WorkerId = member.WorkerId;
        accepted.DeviceIds.AddRange(member.DeviceIds);
        Sender.Tell(accepted);
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

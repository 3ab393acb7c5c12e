using Akka.Cluster;

namespace Trainer.Worker.Node;

/// <summary>
/// A worker's log of the cluster as it sees it: its own join and leave, and each failure of a
/// member (unreachable, reachable again, removed), one line each, so that a worker's output
/// tells what happened to the run without the coordinator's.
/// </summary>
internal sealed class MembershipLog : ReceiveActor
{
    private readonly Akka.Cluster.Cluster cluster = Akka.Cluster.Cluster.Get(Context.System);

    public MembershipLog(Action<string> log)
    {
        Receive<ClusterEvent.MemberUp>(m => log(IsSelf(m.Member) ? $"joined the cluster as {m.Member.Address}" : $"member {Describe(m.Member)} is up"));
        Receive<ClusterEvent.UnreachableMember>(m => log($"failure: member {Describe(m.Member)} is unreachable"));
        Receive<ClusterEvent.ReachableMember>(m => log($"member {Describe(m.Member)} is reachable again"));
        Receive<ClusterEvent.MemberRemoved>(m => log(IsSelf(m.Member) ? "left the cluster" : $"member {Describe(m.Member)} was removed ({m.PreviousStatus})"));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public static Props Create(Action<string> log) => Props.Create(() => new MembershipLog(log));

    // Current state is not replayed: the log starts with this node's own join.
    protected override void PreStart() =>
        cluster.Subscribe(Self, ClusterEvent.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.ReachableMember));

    protected override void PostStop() => cluster.Unsubscribe(Self);

    private bool IsSelf(Member member) => member.UniqueAddress.Equals(cluster.SelfUniqueAddress);

    private static string Describe(Member member) => $"{member.Address} ({string.Join(",", member.Roles)})";
}

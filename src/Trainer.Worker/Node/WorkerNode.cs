using Trainer.Shared.Actors;
using Akka.Cluster;

namespace Trainer.Worker.Node;

/// <summary>
/// `trainer worker`: a cluster member of role worker that joins the coordinator (the seed),
/// hosts one device actor per local device, and trains the shards it is given until the
/// coordinator ends the job (exit 0) or refuses it (exit 1). A member that was up and is then
/// removed (downed: it stopped answering for a while, SIGSTOP or a cut network, and the
/// coordinator went on without it; or its coordinator is gone) cannot come back in the same
/// actor system: Akka quarantines its old incarnation. So it starts a new actor system and joins
/// again as a new member, with a new worker id, at most <see cref="MaxIncarnations"/> times.
/// </summary>
public static class WorkerNode
{
    /// <summary>Actor systems one worker process starts at most: the first and four rejoins.</summary>
    public const int MaxIncarnations = 5;

    public static int Run(WorkerNodeOptions options)
    {
        var baseId = Trainer.Shared.Telemetry.NodeIdentity.Id;
        for (var incarnation = 1; ; incarnation++)
        {
            // A new id per incarnation: the coordinator's book keeps the old one as lost, and
            // whatever the old incarnation still sends is refused under that id.
            var workerId = incarnation == 1 ? baseId : $"{baseId}-{incarnation}";
            var (code, rejoin) = RunIncarnation(options, workerId);
            if (!rejoin) return code;
            if (incarnation == MaxIncarnations)
            {
                options.Log($"removed from the cluster {incarnation} times: giving up");
                return 1;
            }
            options.Log($"starting a new actor system to join again as a new member (incarnation {incarnation + 1} of at most {MaxIncarnations})");
        }
    }

    /// <summary>One actor system's membership, to its end: the exit code, and whether to join again.</summary>
    private static (int Code, bool Rejoin) RunIncarnation(WorkerNodeOptions options, string workerId)
    {
        var seed = TrainerActorSystem.SeedAddress(options.Join.Host, options.Join.Port, options.Credential is not null);
        var ended = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var up = 0;
        void Refused(string why)
        {
            // Before this member is up, a refused certificate is the coordinator's (it is the only
            // peer a joining node talks to): the join cannot succeed, so say so and end now rather
            // than retrying until the join timeout. Later it is someone else probing this node's
            // port, which must not be able to end it.
            if (Volatile.Read(ref up) == 0 && ended.TrySetResult(1))
                options.Log($"cannot join {seed}: the TLS handshake refused {why}. The coordinator and this worker hold different "
                    + "credentials: give every process the same cluster.pfx (each `trainer cert` makes a new one)");
            else options.Log($"refused a TLS connection from {why}");
        }
        var system = TrainerActorSystem.CreateClusterNode(TrainerActorSystem.WorkerRole, options.Host, 0, seed, options.Credential, Refused);
        var cluster = Akka.Cluster.Cluster.Get(system);
        options.Log($"worker {workerId} joining {seed} " + (options.Credential is null ? "INSECURE (no TLS)" : "with mutual TLS"));
        system.ActorOf(MembershipLog.Create(options.Log), "membership-log");
        var node = system.ActorOf(NodeActor.Create(options, workerId, ended), "node");
        cluster.RegisterOnMemberUp(() =>
        {
            Volatile.Write(ref up, 1);
            node.Tell(TryJoin.Instance);
        });
        cluster.RegisterOnMemberRemoved(() => removed.TrySetResult());
        // Without an answer at all (no seed reachable), Akka gives up after
        // shutdown-after-unsuccessful-join-seed-nodes and ends the system.
        _ = system.WhenTerminated.ContinueWith(_ => removed.TrySetResult(), TaskScheduler.Default);
        Task.WaitAny(ended.Task, removed.Task);
        (int, bool) outcome;
        if (ended.Task.IsCompleted) outcome = (ended.Task.Result, false);
        else if (Volatile.Read(ref up) == 1)
        {
            options.Log($"worker {workerId} was removed from the cluster (downed: the coordinator lost sight of it, or the coordinator is gone)");
            outcome = (1, true);
        }
        else
        {
            options.Log($"the cluster at {seed} did not take this worker in (no coordinator answered)");
            outcome = (1, false);
        }
        // A device held in the test hook's hang is let go, so that the actor system can stop it.
        options.Failure?.Release();
        var left = CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        if (left.Wait(TimeSpan.FromSeconds(10))) options.Log($"worker {workerId} left (exit {outcome.Item1})");
        else
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(5));
            options.Log($"worker {workerId} did not leave the cluster within 10 s; its actor system was stopped (exit {outcome.Item1})");
        }
        return outcome;
    }
}

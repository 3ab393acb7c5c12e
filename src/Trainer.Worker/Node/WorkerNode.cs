using Trainer.Shared.Actors;
using Akka.Cluster;

namespace Trainer.Worker.Node;

/// <summary>
/// `trainer worker`: a cluster member of role worker that joins the coordinator (the seed),
/// hosts one device actor per local device, and trains the shards it is given until the
/// coordinator ends the job (exit 0) or refuses it (exit 1). When the coordinator is lost (the
/// Split Brain Resolver downs a worker that loses its coordinator, which ends its actor system)
/// or drops this worker, it starts a new actor system and joins again, as a new member with a
/// new id, under <see cref="RejoinPolicy"/>: a coordinator restarted with --resume, or one
/// waiting for its workers to come back, takes it into the run again.
/// </summary>
public static class WorkerNode
{
    public static int Run(WorkerNodeOptions options, RejoinPolicy? policy = null)
    {
        policy ??= RejoinPolicy.Default;
        var processId = $"{Environment.MachineName}-{Environment.ProcessId}";
        var attempts = 0; // attempts in a row that got this worker into no run
        for (var member = 0; ; member++)
        {
            var (end, accepted) = RunMember(options, member == 0 ? processId : $"{processId}.{member}");
            if (end == NodeEnd.JobDone) return 0;
            if (end == NodeEnd.Refused) return 1;
            attempts = accepted ? 1 : attempts + 1;
            if (policy.DelayBefore(attempts) is not TimeSpan delay)
            {
                options.Log($"giving up: {policy.MaxAttempts} attempts in a row to join again got this worker into no run");
                return 1;
            }
            options.Log($"joining again in {delay.TotalSeconds:0.#} s with a new actor system (attempt {attempts} of {policy.MaxAttempts})");
            Thread.Sleep(delay);
        }
    }

    /// <summary>One cluster membership, from a new actor system to its end; <c>Accepted</c>: the coordinator took it into a run.</summary>
    private static (NodeEnd End, bool Accepted) RunMember(WorkerNodeOptions options, string workerId)
    {
        var seed = TrainerActorSystem.SeedAddress(options.Join.Host, options.Join.Port, options.Credential is not null);
        var system = TrainerActorSystem.CreateClusterNode(TrainerActorSystem.WorkerRole, options.Host, 0, seed, options.Credential);
        var exit = new TaskCompletionSource<NodeEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        var accepted = false;
        var cluster = Akka.Cluster.Cluster.Get(system);
        options.Log($"worker {workerId} joining {seed} " + (options.Credential is null ? "INSECURE (no TLS)" : "with mutual TLS"));
        var node = system.ActorOf(NodeActor.Create(options, workerId, exit, () => Volatile.Write(ref accepted, true)), "node");
        cluster.RegisterOnMemberUp(() => node.Tell(TryJoin.Instance));
        cluster.RegisterOnMemberRemoved(() =>
        {
            if (exit.TrySetResult(NodeEnd.Lost)) options.Log("this worker was removed from the cluster (the coordinator is gone or downed it)");
        });
        // Without an answer at all (no seed reachable), Akka gives up after
        // shutdown-after-unsuccessful-join-seed-nodes and ends the system.
        _ = system.WhenTerminated.ContinueWith(_ => exit.TrySetResult(NodeEnd.Lost), TaskScheduler.Default);
        var end = exit.Task.GetAwaiter().GetResult();
        var left = CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        if (!left.Wait(TimeSpan.FromSeconds(10))) system.Terminate().Wait(TimeSpan.FromSeconds(5));
        return (end, Volatile.Read(ref accepted));
    }
}

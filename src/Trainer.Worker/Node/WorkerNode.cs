using Trainer.Shared.Actors;
using Akka.Cluster;

namespace Trainer.Worker.Node;

/// <summary>
/// `trainer worker`: a cluster member of role worker that joins the coordinator (the seed),
/// hosts one device actor per local device, and trains the shards it is given until the
/// coordinator ends the job (exit 0), refuses it, or is lost (exit 1: the Split Brain Resolver
/// downs a worker that loses its coordinator, and its actor system ends).
/// </summary>
public static class WorkerNode
{
    public static int Run(WorkerNodeOptions options)
    {
        var workerId = Trainer.Shared.Telemetry.NodeIdentity.Id;
        var seed = TrainerActorSystem.SeedAddress(options.Join.Host, options.Join.Port, options.Credential is not null);
        var system = TrainerActorSystem.CreateClusterNode(TrainerActorSystem.WorkerRole, options.Host, 0, seed, options.Credential);
        var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cluster = Akka.Cluster.Cluster.Get(system);
        options.Log($"worker {workerId} joining {seed} " + (options.Credential is null ? "INSECURE (no TLS)" : "with mutual TLS"));
        system.ActorOf(MembershipLog.Create(options.Log), "membership-log");
        var node = system.ActorOf(NodeActor.Create(options, workerId, exit), "node");
        cluster.RegisterOnMemberUp(() => node.Tell(TryJoin.Instance));
        cluster.RegisterOnMemberRemoved(() =>
        {
            if (exit.TrySetResult(1)) options.Log("this worker was removed from the cluster (the coordinator is gone or downed it)");
        });
        _ = system.WhenTerminated.ContinueWith(_ => exit.TrySetResult(1), TaskScheduler.Default);
        // Without an answer at all (no seed reachable), Akka gives up after
        // shutdown-after-unsuccessful-join-seed-nodes and ends the system: exit 1 above.
        var code = exit.Task.GetAwaiter().GetResult();
        // A device held in the test hook's hang is let go, so that the actor system can stop it.
        options.Failure?.Release();
        var left = CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        if (left.Wait(TimeSpan.FromSeconds(10))) options.Log($"worker {workerId} left (exit {code})");
        else
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(5));
            options.Log($"worker {workerId} did not leave the cluster within 10 s; its actor system was stopped (exit {code})");
        }
        return code;
    }
}

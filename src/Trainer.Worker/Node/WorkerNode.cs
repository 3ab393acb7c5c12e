using Trainer.Shared.Actors;
using Akka.Cluster;
using Trainer.Shared.Wire;

namespace Trainer.Worker.Node;

/// <summary>
/// `trainer worker`: a cluster member of role worker that joins the coordinator (the seed),
/// hosts one device actor per local device, and trains the shards it is given until the
/// coordinator ends the job (exit 0) or refuses it (exit 1). A member that was up and is then
/// removed (downed: it stopped answering for a while, SIGSTOP or a cut network, and the
/// coordinator went on without it; or its coordinator is gone, which the Split Brain Resolver
/// downs it for), or whose link to the coordinator failed, cannot come back in the same actor
/// system: Akka quarantines its old incarnation. So it starts a new actor system and joins
/// again as a new member, with a new worker id, at most <see cref="MaxIncarnations"/> times.
/// A worker that had been in a run and then finds no coordinator to join (one being restarted
/// with --resume) tries again under <see cref="RejoinPolicy"/> (1 s doubling to 10 s, at most 8
/// attempts in a row that reach no run) before it gives up.
/// </summary>
public static class WorkerNode
{
    /// <summary>Actor systems one worker process starts at most after removals: the first and four rejoins.</summary>
    public const int MaxIncarnations = 5;

    /// <summary>How one actor system's membership ended.</summary>
    private enum Outcome
    {
        /// <summary>The coordinator ended the job: exit 0.</summary>
        JobDone,

        /// <summary>Refused (or a credential the coordinator refused): joining again would be refused again; exit 1.</summary>
        Refused,

        /// <summary>Up, then removed from the cluster or cut off from the coordinator: join again as a new member.</summary>
        Removed,

        /// <summary>Never up: no coordinator took this worker in.</summary>
        NotTakenIn,
    }

    public static int Run(WorkerNodeOptions options, RejoinPolicy? policy = null)
    {
        policy ??= RejoinPolicy.Default;
        options.Job.Validate();
        // The data is made once per process and outlives every incarnation; its signature (which
        // may hash every row) is computed once, before the first join.
        var data = options.Job.TrainData();
        try
        {
            var job = Jobs.JobSignature.Of(options.Job, data);
            return Run(options, policy, data, job);
        }
        finally
        {
            (data as IDisposable)?.Dispose();
        }
    }

    private static int Run(WorkerNodeOptions options, RejoinPolicy policy, IBatchSource data, JobSpec job)
    {
        var baseId = Trainer.Shared.Telemetry.NodeIdentity.Id;
        var wasUp = false;
        var failedJoins = 0; // attempts in a row, after having been in the cluster, that no coordinator took in
        for (var incarnation = 1; ;)
        {
            // A new id per incarnation: the coordinator's book keeps the old one as lost, and
            // whatever the old incarnation still sends is refused under that id.
            var workerId = incarnation == 1 ? baseId : $"{baseId}-{incarnation}";
            var (outcome, code) = RunIncarnation(options, workerId, data, job);
            switch (outcome)
            {
                case Outcome.JobDone:
                case Outcome.Refused:
                    return code;
                case Outcome.NotTakenIn:
                    // Never in the cluster: there is no coordinator to wait for.
                    if (!wasUp) return 1;
                    // It was in a run: its coordinator may be restarting (--resume). The
                    // coordinator never saw this id (a join request follows member up), so the
                    // next attempt keeps it.
                    failedJoins++;
                    if (policy.DelayBefore(failedJoins) is not TimeSpan delay)
                    {
                        options.Log($"giving up: {policy.MaxAttempts} attempts in a row to join again got this worker into no run");
                        return 1;
                    }
                    options.Log($"joining again in {delay.TotalSeconds:0.#} s with a new actor system (attempt {failedJoins} of {policy.MaxAttempts})");
                    Thread.Sleep(delay);
                    break;
                case Outcome.Removed:
                    wasUp = true;
                    failedJoins = 0;
                    if (incarnation == MaxIncarnations)
                    {
                        options.Log($"removed from the cluster {incarnation} times: giving up");
                        return 1;
                    }
                    incarnation++;
                    options.Log($"starting a new actor system to join again as a new member (incarnation {incarnation} of at most {MaxIncarnations})");
                    break;
            }
        }
    }

    /// <summary>One actor system's membership, to its end: how it ended, and the exit code if the worker stops there.</summary>
    private static (Outcome Outcome, int Code) RunIncarnation(WorkerNodeOptions options, string workerId, IBatchSource data, JobSpec job)
    {
        var seed = TrainerActorSystem.SeedAddress(options.Join.Host, options.Join.Port, options.Credential is not null);
        var ended = new TaskCompletionSource<NodeEnd>(TaskCreationOptions.RunContinuationsAsynchronously);
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var up = 0;
        void Refused(string why)
        {
            // Before this member is up, a refused certificate is the coordinator's (it is the only
            // peer a joining node talks to): the join cannot succeed, so say so and end now rather
            // than retrying until the join timeout. Later it is someone else probing this node's
            // port, which must not be able to end it.
            if (Volatile.Read(ref up) == 0 && ended.TrySetResult(NodeEnd.Refused))
                options.Log($"cannot join {seed}: the TLS handshake refused {why}. The coordinator and this worker hold different "
                    + "credentials: give every process the same cluster.pfx (each `trainer cert` makes a new one)");
            else options.Log($"refused a TLS connection from {why}");
        }
        var system = TrainerActorSystem.CreateClusterNode(TrainerActorSystem.WorkerRole, options.Host, 0, seed, options.Credential, Refused);
        var cluster = Akka.Cluster.Cluster.Get(system);
        options.Log($"worker {workerId} joining {seed} " + (options.Credential is null ? "INSECURE (no TLS)" : "with mutual TLS"));
        system.ActorOf(MembershipLog.Create(options.Log), "membership-log");
        var node = system.ActorOf(NodeActor.Create(options, workerId, ended, data, job), "node");
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
        (Outcome, int) outcome;
        if (ended.Task.IsCompleted && ended.Task.Result == NodeEnd.JobDone) outcome = (Outcome.JobDone, 0);
        else if (ended.Task.IsCompleted && ended.Task.Result == NodeEnd.Refused) outcome = (Outcome.Refused, 1);
        else if (Volatile.Read(ref up) == 1)
        {
            // Removed, or lost while a member (a failed link, a registrar that stopped answering).
            if (!ended.Task.IsCompleted)
                options.Log($"worker {workerId} was removed from the cluster (downed: the coordinator lost sight of it, or the coordinator is gone)");
            outcome = (Outcome.Removed, 1);
        }
        else
        {
            options.Log($"the cluster at {seed} did not take this worker in (no coordinator answered)");
            outcome = (Outcome.NotTakenIn, 1);
        }
        // A device held in the test hook's hang is let go, so that the actor system can stop it.
        options.Failure?.Release();
        var left = CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        if (left.Wait(TimeSpan.FromSeconds(10))) options.Log($"worker {workerId} left (exit {outcome.Item2})");
        else
        {
            system.Terminate().Wait(TimeSpan.FromSeconds(5));
            options.Log($"worker {workerId} did not leave the cluster within 10 s; its actor system was stopped (exit {outcome.Item2})");
        }
        return outcome;
    }
}

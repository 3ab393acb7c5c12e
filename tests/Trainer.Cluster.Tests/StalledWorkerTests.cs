using System.Diagnostics;
using System.Text.RegularExpressions;
using Trainer.Cluster.Tests.Support;
using Xunit.Abstractions;

namespace Trainer.Cluster.Tests;

/// <summary>
/// A worker that stops answering without dying (SIGSTOP): the failure detector marks it
/// unreachable and the Split Brain Resolver downs it within the documented bound, its device's
/// shard is recomputed on the other worker, and the run goes on. Woken (SIGCONT), it still holds
/// the shard it owed: what it sends for it is refused as stale (its incarnation is no longer a
/// live member), and, removed from the cluster, it starts a new actor system and joins again as a
/// new member. Every step is applied once and the model is the undisturbed run's (to 1e-4).
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class StalledWorkerTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The bound the README documents: SIGSTOP to the worker's devices out of the run.</summary>
    private static readonly TimeSpan DetectionBound = TimeSpan.FromSeconds(15);

    private readonly string dir = Directory.CreateTempSubdirectory("trainer-stall-").FullName;

    [Fact]
    public void Coordinator_WorkerStoppedThenContinued_LostWithinBoundStaleRefusedRejoinsAsNewMember()
    {
        // 4096 images in batches of 32: 128 paced steps, so the run outlasts detection and rejoin.
        var data = TrainingCluster.WriteData(Path.Combine(dir, "data"), train: 4096);
        using var cluster = new TrainingCluster(dir, data, tls: false);
        cluster.StartCoordinator(minWorkers: 2);
        var sleeper = cluster.StartWorker("sleeper");
        cluster.StartWorker("survivor");
        var old = TrainingCluster.Joined(sleeper);
        cluster.WaitUntilTraining();
        Thread.Sleep(1000);

        sleeper.Signal("STOP");
        var clock = Stopwatch.StartNew();
        Assert.True(cluster.Coordinator.WaitForLine("is unreachable", DetectionBound), cluster.Log);
        var unreachable = clock.Elapsed;
        var downed = new Regex($@"worker {Regex.Escape(old.WorkerId)} at \S+ left the cluster or was downed");
        Assert.True(WaitFor(() => downed.IsMatch(cluster.Coordinator.Log), DetectionBound - clock.Elapsed), cluster.Log);
        var lost = clock.Elapsed;
        output.WriteLine($"SIGSTOP: unreachable after {unreachable.TotalSeconds:F1} s, out of the run after {lost.TotalSeconds:F1} s");

        sleeper.Signal("CONT");
        // The shard it owed (an upload, or the weights download before it) is refused as stale.
        Assert.True(cluster.Coordinator.WaitForLine($"worker {old.WorkerId} is not a live member of this run", TrainingCluster.Patience), cluster.Log);
        // Its old actor system is removed; a new one joins as a new member, with a new id. Joining
        // mid-run is refused until the cluster supports it (issue 15, 4(c)); either answer proves
        // the new member reached the registrar.
        Assert.True(sleeper.WaitForLine("starting a new actor system to join again", TrainingCluster.Patience), cluster.Log);
        var rejoined = new Regex($@"worker {Regex.Escape(old.WorkerId)}-2 at \S+ (joined|refused: the run has started)");
        Assert.True(WaitFor(() => rejoined.IsMatch(cluster.Coordinator.Log), TrainingCluster.Patience), cluster.Log);

        cluster.Finish(except: sleeper);
        Assert.True(sleeper.WaitForExit(TimeSpan.FromSeconds(30)), cluster.Log);
        Assert.Equal(rejoined.Match(cluster.Coordinator.Log).Groups[1].Value == "joined" ? 0 : 1, sleeper.ExitCode);
        Assert.Contains("device failure:", cluster.Coordinator.Log);
        Assert.Equal(128, cluster.StepsApplied());
        cluster.AssertModelEquals(TrainingCluster.TrainEmbedded(data, Path.Combine(dir, "embedded"), "cpu:0,cpu:1"), 1e-4f);
        Assert.True(lost <= DetectionBound, $"unreachable after {unreachable.TotalSeconds:F1} s, out of the run after {lost.TotalSeconds:F1} s");
    }

    private static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition()) return true;
            Thread.Sleep(50);
        }
        return condition();
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

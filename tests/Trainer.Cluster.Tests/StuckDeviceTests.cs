using Trainer.Cluster.Tests.Support;

namespace Trainer.Cluster.Tests;

/// <summary>
/// A worker whose device hangs inside forward (the --fail-at test hook) while the process stays
/// alive and its heartbeats flow, so the failure detector sees nothing: after --step-timeout the
/// coordinator names the device and the step (log and summary.json), takes the device out of
/// the run, and recomputes its shard on the other worker; every step is applied once and the
/// model is the uninterrupted run's (to 1e-4). PyTorch and Ray wait 30 minutes here, naming nobody.
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class StuckDeviceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-stuck-").FullName;
    // 2048 images in batches of 32: 64 steps.
    private static readonly string[] Training = ["--epochs", "1", "--batch-size", "32", "--hidden", "16", "--seed", "7", "--lr", "0.05"];

    [Fact]
    public void Coordinator_WorkerDeviceHangsInForward_NamedAfterStepTimeoutAndShardRecomputedOnce()
    {
        var data = SmallFashionMnist.Write(Path.Combine(dir, "data"), train: 2048, test: 64);
        var port = FreePorts.Pair();
        var cluster = new RunOutput(Path.Combine(dir, "cluster"));
        // 5 s: far more than a healthy step takes (the first one included), even on a busy machine.
        using var coordinator = TrainerProcess.Start("coordinator", ["coordinator", "--listen", $"127.0.0.1:{port}", "--insecure", "--min-workers", "2",
            "--worker-timeout", "60", "--step-timeout", "5", "--data", data, "--out", cluster.Dir, .. Training]);
        Assert.True(coordinator.WaitForLine("waiting for", Patience), coordinator.Log);
        using var stuck = TrainerProcess.Start("stuck", ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, "--fail-at", "cpu:0:3:hang", .. JobArgs.Of(Training)]);
        using var healthy = TrainerProcess.Start("healthy", ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, .. JobArgs.Of(Training)]);

        var done = coordinator.WaitForExit(Patience);
        var log = coordinator.Log + stuck.Log + healthy.Log;
        Assert.True(done, log);
        Assert.True(coordinator.ExitCode == 0, log);
        var named = $"-{stuck.Id}/cpu:0 gave no answer to step 3 within the step timeout of 5 s";
        Assert.Contains(named, coordinator.Log);
        Assert.Contains("TEST HOOK: cpu:0 will hang in forward at step 3", stuck.Log);
        // Both workers are told the job is over; the stuck one's device is let go as it exits.
        Assert.True(stuck.WaitForExit(TimeSpan.FromSeconds(30)) && healthy.WaitForExit(TimeSpan.FromSeconds(30)), log);
        Assert.True(stuck.ExitCode == 0 && healthy.ExitCode == 0, log);

        Assert.Contains(named, Assert.Single(cluster.Failures));
        Assert.Equal(64, cluster.StepsApplied);
        var samples = cluster.SamplesByDevice;
        Assert.Equal(2048, samples.Values.Sum());
        // The stuck device computed its shards of steps 1 and 2 only (16 samples each).
        Assert.Equal(32, samples.Single(kv => kv.Key.EndsWith($"-{stuck.Id}/cpu:0", StringComparison.Ordinal)).Value);

        cluster.AssertSameModelAs(RunOutput.TrainEmbedded(data, Path.Combine(dir, "embedded"), Training, Patience), 1e-4f);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

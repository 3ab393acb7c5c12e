using Trainer.Cluster.Tests.Support;

namespace Trainer.Cluster.Tests;

/// <summary>
/// A worker that joins a run under way: the coordinator (--min-workers 1) starts with worker A;
/// worker B joins mid-run, downloads the current weights (parameter-server replicas need no
/// optimizer state) and computes shards from the next step. In ps mode each shard's gradient is
/// weighted by its size, so the update is the full-batch one whatever the split, and the model
/// equals an uninterrupted embedded run's over the same batches (to 1e-4).
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class MidRunJoinTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-join-").FullName;
    // 1024 images in batches of 32: 32 steps.
    private static readonly string[] Training = ["--epochs", "1", "--batch-size", "32", "--hidden", "16", "--seed", "9", "--lr", "0.05"];

    [Fact]
    public void Coordinator_WorkerJoinsMidRun_TakesPartFromTheNextStepAndModelEqualsEmbeddedRun()
    {
        var data = SmallFashionMnist.Write(Path.Combine(dir, "data"), train: 1024, test: 64);
        var port = FreePorts.Pair();
        var cluster = new RunOutput(Path.Combine(dir, "cluster"));
        using var coordinator = TrainerProcess.Start("coordinator", ["coordinator", "--listen", $"127.0.0.1:{port}", "--insecure", "--min-workers", "1",
            "--worker-timeout", "60", "--data", data, "--out", cluster.Dir, .. Training]);
        Assert.True(coordinator.WaitForLine("waiting for", Patience), coordinator.Log);
        // A holds step 1 for 15 s (the hang hook, well inside the default --step-timeout), so
        // that B, started once training has begun, joins mid-run at a known step whatever the
        // machine's speed.
        using var first = TrainerProcess.Start("A", ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, "--fail-at", "cpu:0:1:hang:15", .. JobArgs.Of(Training)]);
        Assert.True(coordinator.WaitForLine("training the job", Patience), coordinator.Log + first.Log);
        using var late = TrainerProcess.Start("B", ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, .. JobArgs.Of(Training)]);

        var done = coordinator.WaitForExit(Patience);
        var log = coordinator.Log + first.Log + late.Log;
        Assert.True(done, log);
        Assert.True(coordinator.ExitCode == 0, log);
        Assert.Contains("joined mid-run with cpu:0", coordinator.Log);
        Assert.Contains($"devices {Environment.MachineName}-{late.Id}/cpu:0 take part from step 2", coordinator.Log);
        Assert.True(first.WaitForExit(TimeSpan.FromSeconds(30)) && late.WaitForExit(TimeSpan.FromSeconds(30)), log);
        Assert.True(first.ExitCode == 0 && late.ExitCode == 0, log);

        Assert.Empty(cluster.Failures);
        Assert.Equal(32, cluster.StepsApplied);
        var samples = cluster.SamplesByDevice;
        Assert.Equal(1024, samples.Values.Sum());
        // Step 1 on A alone (32 samples); steps 2-32 split evenly, 16 each.
        Assert.Equal(32 + 31 * 16, samples[$"{Environment.MachineName}-{first.Id}/cpu:0"]);
        Assert.Equal(31 * 16, samples[$"{Environment.MachineName}-{late.Id}/cpu:0"]);

        cluster.AssertSameModelAs(RunOutput.TrainEmbedded(data, Path.Combine(dir, "embedded"), Training, Patience), 1e-4f);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

using Trainer.Cluster.Tests.Support;
using Trainer.Coordinator.Checkpoints;

namespace Trainer.Cluster.Tests;

/// <summary>
/// --min-workers and --worker-timeout: the first step waits for --min-workers workers; when every
/// worker is gone mid-run the coordinator waits up to --worker-timeout for workers to join again
/// and goes on (the model of an uninterrupted run, 1e-4), or fails with a message naming its
/// checkpoint. It never hangs: every case ends within a bounded time with an exit code.
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class WorkerTimeoutTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-timeout-").FullName;
    // 2048 images in batches of 32, 2 epochs: 128 steps; a checkpoint every 16.
    private static readonly string[] Training = ["--epochs", "2", "--batch-size", "32", "--hidden", "16", "--seed", "3", "--lr", "0.05"];
    // The run sleeps after each checkpoint (a test hook): the workers are killed then, while the run is not over.
    private static readonly Dictionary<string, string> SlowCheckpoints = new() { [RunCheckpointer.TestPauseVariable] = "2000" };

    private string Checkpoints => Path.Combine(dir, "checkpoints");

    [Fact]
    public void Coordinator_FewerWorkersThanMinWorkers_NoStepAndExitOneNamingTheCount()
    {
        var data = SmallFashionMnist.Write(Path.Combine(dir, "data"), train: 256, test: 64);
        var port = FreePorts.Pair();
        using var coordinator = TrainerProcess.Start("coordinator", ["coordinator", "--listen", $"127.0.0.1:{port}", "--insecure", "--min-workers", "2",
            "--worker-timeout", "20", "--data", data, .. Training]);
        Assert.True(coordinator.WaitForLine("waiting for", Patience), coordinator.Log);
        using var worker = TrainerProcess.Start("worker", ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, .. JobArgs.Of(Training)]);
        Assert.True(worker.WaitForLine("joined as", TimeSpan.FromSeconds(20)), coordinator.Log + worker.Log);

        Assert.True(coordinator.WaitForExit(Patience), coordinator.Log + worker.Log);
        Assert.Equal(1, coordinator.ExitCode);
        Assert.True(coordinator.Log.Contains("1 of the 2 worker(s) asked for (--min-workers) joined within 20 s (--worker-timeout)", StringComparison.Ordinal), coordinator.Log);
        Assert.DoesNotContain("training the job", coordinator.Log);
        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(60)), worker.Log);
    }

    [Fact]
    public void Coordinator_EveryWorkerKilledAndNewOnesJoinInTime_RunGoesOnAndModelEqualsUninterruptedRun()
    {
        var (data, port) = (Data, FreePorts.Pair());
        using var coordinator = CoordinatorWhoseWorkersAreKilled(data, port, workerTimeout: 60);

        Assert.True(coordinator.WaitForLine("every worker is gone after step 16", Patience), coordinator.Log);
        using var c = Worker("worker-c", data, port);
        using var d = Worker("worker-d", data, port);
        var log = () => coordinator.Log + c.Log + d.Log;
        Assert.True(coordinator.WaitForExit(Patience), log());
        Assert.True(coordinator.ExitCode == 0, log());
        Assert.Contains("joined again; going on from step 16", coordinator.Log);

        using var full = TrainerProcess.Start("full", ["train", "--devices", "cpu:0,cpu:1", "--data", data, "--out", Path.Combine(dir, "full"), .. Training]);
        Assert.True(full.WaitForExit(Patience) && full.ExitCode == 0, full.Log);
        ModelFiles.AssertEqual(Path.Combine(dir, "full", "model.pt"), Path.Combine(dir, "cluster", "model.pt"), 1e-4f);
    }

    [Fact]
    public void Coordinator_EveryWorkerKilledAndNoneReturn_ExitOneAfterWorkerTimeoutWithMessageAndCheckpoint()
    {
        using var coordinator = CoordinatorWhoseWorkersAreKilled(Data, FreePorts.Pair(), workerTimeout: 20);

        Assert.True(coordinator.WaitForExit(Patience), coordinator.Log);
        Assert.Equal(1, coordinator.ExitCode);
        Assert.Contains("every worker was lost after step 16, and 0 of the 2 worker(s) asked for (--min-workers) joined again within 20 s (--worker-timeout)", coordinator.Log);
        Assert.Contains($"continue it with --resume {Checkpoints}", coordinator.Log);
        var kept = CheckpointReader.Newest(Checkpoints, _ => { });
        Assert.Equal((16L, 16L), (kept.Progress.GlobalStep, kept.Progress.StepsApplied));
        Assert.False(File.Exists(Path.Combine(dir, "cluster", "model.pt")));
    }

    // 2048 images: 64 steps an epoch.
    private string Data => SmallFashionMnist.Write(Path.Combine(dir, "data"), train: 2048, test: 64);

    /// <summary>A coordinator (2 workers, checkpoints every 16 steps) whose two worker processes are SIGKILLed right after its first checkpoint.</summary>
    private TrainerProcess CoordinatorWhoseWorkersAreKilled(string data, int port, int workerTimeout)
    {
        var coordinator = TrainerProcess.Start("coordinator", SlowCheckpoints, ["coordinator", "--listen", $"127.0.0.1:{port}", "--insecure", "--min-workers", "2",
            "--worker-timeout", $"{workerTimeout}", "--data", data, "--out", Path.Combine(dir, "cluster"), "--checkpoint-dir", Checkpoints, "--checkpoint-every", "16", .. Training]);
        try
        {
            Assert.True(coordinator.WaitForLine("waiting for", Patience), coordinator.Log);
            using var a = Worker("worker-a", data, port);
            using var b = Worker("worker-b", data, port);
            Assert.True(coordinator.WaitForLine("checkpoint ", Patience), coordinator.Log + a.Log + b.Log);
            return coordinator; // the workers are killed (SIGKILL) as they are disposed here
        }
        catch
        {
            coordinator.Dispose();
            throw;
        }
    }

    private static TrainerProcess Worker(string name, string data, int port) =>
        TrainerProcess.Start(name, ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, .. JobArgs.Of(Training)]);

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

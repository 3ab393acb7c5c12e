using System.Text.Json;
using Trainer.Cluster.Tests.Support;
using Trainer.Shared.StateDict;

namespace Trainer.Cluster.Tests;

/// <summary>
/// A worker killed (SIGKILL) mid-run: the failure detector marks it unreachable, the Split Brain
/// Resolver (keep-oldest on the coordinator role) downs it, its device's shard of the step under
/// way is recomputed on the other worker, and the run completes with every step applied once and
/// the model of an uninterrupted run (to 1e-4).
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class WorkerFailureTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-kill-").FullName;
    // 4096 images in batches of 32: 128 steps, long enough to kill a worker in the middle.
    private static readonly string[] Training = ["--epochs", "1", "--batch-size", "32", "--hidden", "16", "--seed", "5", "--lr", "0.05"];

    [Fact]
    public void Coordinator_WorkerKilledMidRun_ShardRecomputedAndModelEqualsUninterruptedRun()
    {
        var data = SmallFashionMnist.Write(Path.Combine(dir, "data"), train: 4096, test: 64);
        var port = FreePorts.Pair();
        using var coordinator = TrainerProcess.Start("coordinator", ["coordinator", "--listen", $"127.0.0.1:{port}", "--insecure", "--min-workers", "2",
            "--worker-timeout", "60", "--data", data, "--out", Path.Combine(dir, "cluster"), .. Training]);
        Assert.True(coordinator.WaitForLine("waiting for", Patience), coordinator.Log);
        using var victim = TrainerProcess.Start("victim", ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, .. JobArgs.Of(Training)]);
        using var survivor = TrainerProcess.Start("survivor", ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, .. JobArgs.Of(Training)]);
        Assert.True(coordinator.WaitForLine("training the job", Patience), coordinator.Log + victim.Log + survivor.Log);
        Thread.Sleep(500);
        victim.Kill(); // SIGKILL: no leave, no goodbye

        var done = coordinator.WaitForExit(Patience);
        var log = coordinator.Log + victim.Log + survivor.Log;
        Assert.True(done, log);
        Assert.True(coordinator.ExitCode == 0, log);
        Assert.Contains("device failure:", coordinator.Log);
        Assert.True(survivor.WaitForExit(TimeSpan.FromSeconds(30)), survivor.Log);
        Assert.Equal(0, survivor.ExitCode);
        // The survivor logs the failure it saw: the victim unreachable, then removed.
        Assert.Matches(@"failure: member akka\.tcp://\S+ \(worker\) is unreachable", survivor.Log);

        using var embedded = TrainerProcess.Start("embedded", ["train", "--devices", "cpu:0,cpu:1", "--data", data, "--out", Path.Combine(dir, "embedded"), .. Training]);
        Assert.True(embedded.WaitForExit(Patience), embedded.Log);
        Assert.True(embedded.ExitCode == 0, embedded.Log);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "cluster", "summary.json")));
        Assert.Equal(128, summary.RootElement.GetProperty("steps_applied").GetInt64());
        var expected = PyTorchStateDict.Read(Path.Combine(dir, "embedded", "model.pt"));
        var actual = PyTorchStateDict.Read(Path.Combine(dir, "cluster", "model.pt"));
        foreach (var (name, tensor) in expected)
        {
            var difference = (tensor - actual[name]).abs().max().item<float>();
            Assert.True(difference <= 1e-4f, $"{name} differs by {difference}");
        }
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

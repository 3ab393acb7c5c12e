using System.Text.Json;
using Trainer.Cluster.Tests.Support;
using Trainer.Shared.Security;
using Trainer.Shared.StateDict;

namespace Trainer.Cluster.Tests;

/// <summary>
/// A coordinator and two worker processes on loopback, one device each, train what
/// `trainer train --devices cpu:0,cpu:1` trains embedded, with the same options and seed: the
/// same initial weights, the same global batches in the same order, the same update per step,
/// so the same model.pt (to 1e-5). Insecure and with a credential made by `trainer cert`.
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class ClusterRunTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-cluster-").FullName;
    // 512 training images in batches of 64: 8 steps, each sharded over the two devices.
    private static readonly string[] Training = ["--epochs", "1", "--batch-size", "64", "--hidden", "32", "--seed", "3", "--lr", "0.05"];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Coordinator_TwoWorkerProcesses_ModelEqualsEmbeddedTwoDevices(bool tls)
    {
        var data = SmallFashionMnist.Write(Path.Combine(dir, "data"), train: 512, test: 128);
        var security = Security(tls);

        var cluster = RunCluster(data, data, security, Path.Combine(dir, "cluster"));
        Assert.True(cluster.Coordinator == 0, cluster.Log);
        Assert.True(cluster.Workers.All(c => c == 0), cluster.Log);
        Assert.Contains(tls ? "mutual TLS pinned to" : "INSECURE", cluster.Log);
        Assert.Contains(tls ? "akka.ssl.tcp://" : "akka.tcp://", cluster.Log);

        using var embedded = TrainerProcess.Start("embedded", ["train", "--devices", "cpu:0,cpu:1", "--data", data, "--out", Path.Combine(dir, "embedded"), .. Training]);
        Assert.True(embedded.WaitForExit(Patience), embedded.Log);
        Assert.True(embedded.ExitCode == 0, embedded.Log);

        AssertSameModel(Path.Combine(dir, "embedded", "model.pt"), Path.Combine(dir, "cluster", "model.pt"));
        Assert.Equal(8, StepsApplied(Path.Combine(dir, "cluster")));
        Assert.Equal(8, StepsApplied(Path.Combine(dir, "embedded")));
    }

    [Fact]
    public void Worker_DataDiffersFromCoordinators_RefusedAtJoinNamingTheFile()
    {
        var data = SmallFashionMnist.Write(Path.Combine(dir, "data"), train: 512, test: 128);
        var other = SmallFashionMnist.Write(Path.Combine(dir, "other"), train: 512, test: 128, alterOnePixel: true);
        var port = FreePorts.Pair();
        using var coordinator = TrainerProcess.Start("coordinator", ["coordinator", "--listen", $"127.0.0.1:{port}", "--insecure", "--min-workers", "1",
            "--worker-timeout", "60", "--data", data, "--out", Path.Combine(dir, "out"), .. Training]);
        Assert.True(coordinator.WaitForLine("waiting for", Patience), coordinator.Log);
        using var stranger = TrainerProcess.Start("stranger", ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", other, .. JobArgs.Of(Training)]);
        Assert.True(stranger.WaitForExit(Patience), stranger.Log + coordinator.Log);
        Assert.Equal(1, stranger.ExitCode);
        Assert.Contains("the training data differs: coordinator has train-images-idx3-ubyte.gz", stranger.Log);
        Assert.DoesNotContain("coordinator has train-labels-idx1-ubyte.gz", stranger.Log);
        Assert.Contains("refused: the worker's job is not the coordinator's: the training data differs", coordinator.Log);

        // The coordinator goes on and trains with a worker whose data is its own.
        using var worker = TrainerProcess.Start("worker", ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, .. JobArgs.Of(Training)]);
        Assert.True(coordinator.WaitForExit(Patience), coordinator.Log + worker.Log);
        Assert.True(coordinator.ExitCode == 0, coordinator.Log + worker.Log);
        Assert.True(worker.WaitForExit(Patience), worker.Log);
        Assert.Equal(0, worker.ExitCode);
    }

    [Theory]
    [InlineData("coordinator", "--listen", "127.0.0.1:1", "refusing to start without security")]
    [InlineData("worker", "--join", "127.0.0.1:1", "refusing to start without security")]
    [InlineData("coordinator", "--listen", "127.0.0.1:1", "all-reduce between workers is not supported yet", "--insecure", "--mode", "allreduce")]
    [InlineData("coordinator", "--listen", "127.0.0.1:1", "not both", "--insecure", "--credentials", "x.pfx")]
    public void Command_WithoutASoundSecurityChoiceOrInAllReduce_RefusesToStartAndSaysWhy(string command, string option, string endpoint, string why, params string[] more)
    {
        using var p = TrainerProcess.Start(command, [command, option, endpoint, .. more]);
        Assert.True(p.WaitForExit(Patience), p.Log);
        Assert.Equal(1, p.ExitCode);
        Assert.Contains(why, p.Log);
    }

    private string[] Security(bool tls)
    {
        if (!tls) return ["--insecure"];
        using var cert = TrainerProcess.Start("cert", "cert", "--out", Path.Combine(dir, "creds"));
        Assert.True(cert.WaitForExit(Patience), cert.Log);
        Assert.True(cert.ExitCode == 0, cert.Log);
        return ["--credentials", Path.Combine(dir, "creds", ClusterCredential.FileName)];
    }

    private sealed record ClusterResult(int Coordinator, int[] Workers, string Log);

    /// <summary>A coordinator and two one-device workers to the end of the run; every process is killed on the way out.</summary>
    private static ClusterResult RunCluster(string coordinatorData, string workerData, string[] security, string outDir)
    {
        var port = FreePorts.Pair();
        using var coordinator = TrainerProcess.Start("coordinator", ["coordinator", "--listen", $"127.0.0.1:{port}", .. security, "--min-workers", "2",
            "--worker-timeout", "60", "--data", coordinatorData, "--out", outDir, .. Training]);
        Assert.True(coordinator.WaitForLine("waiting for", Patience), coordinator.Log);
        using var first = TrainerProcess.Start("worker1", ["worker", "--join", $"127.0.0.1:{port}", .. security, "--devices", "cpu:0", "--data", workerData, .. JobArgs.Of(Training)]);
        using var second = TrainerProcess.Start("worker2", ["worker", "--join", $"127.0.0.1:{port}", .. security, "--devices", "cpu:0", "--data", workerData, .. JobArgs.Of(Training)]);
        var done = coordinator.WaitForExit(Patience);
        var workersDone = first.WaitForExit(TimeSpan.FromSeconds(30)) & second.WaitForExit(TimeSpan.FromSeconds(30));
        var log = coordinator.Log + first.Log + second.Log;
        Assert.True(done && workersDone, log);
        return new ClusterResult(coordinator.ExitCode, [first.ExitCode, second.ExitCode], log);
    }

    private static void AssertSameModel(string expectedPath, string actualPath)
    {
        var expected = PyTorchStateDict.Read(expectedPath);
        var actual = PyTorchStateDict.Read(actualPath);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, tensor) in expected)
        {
            var difference = (tensor - actual[name]).abs().max().item<float>();
            Assert.True(difference <= 1e-5f, $"{name} differs by {difference}");
        }
        foreach (var t in expected.Values.Concat(actual.Values)) t.Dispose();
    }

    private static long StepsApplied(string outDir)
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        return summary.RootElement.GetProperty("steps_applied").GetInt64();
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

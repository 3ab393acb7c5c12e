using System.Text.Json;
using Trainer.Cluster.Tests.Support;

namespace Trainer.Cluster.Tests;

/// <summary>
/// A user's own job (examples/FashionCnn, a CNN over TrainerApp) run as its users run it: the one
/// executable embedded on one and two devices, and as a coordinator and two worker processes
/// on loopback, which must train what the embedded run trains. Workers whose job differs (another
/// model, other data) are refused at join, naming the difference on both sides, and the run goes
/// on without them.
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class FashionCnnJobTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-cnn-").FullName;
    // 512 images in batches of 64: 8 steps.
    private static readonly string[] Run = ["--epochs", "1", "--batch-size", "64", "--seed", "2"];

    private string Data => SmallFashionMnist.Write(Path.Combine(dir, "data"), train: 512, test: 128);

    private string Train(string name, string devices, string data)
    {
        var outDir = Path.Combine(dir, name);
        using var run = TrainerProcess.StartFashionCnn(name, ["train", "--devices", devices, "--data", data, "--out", outDir, .. Run]);
        Assert.True(run.WaitForExit(Patience), run.Log);
        Assert.True(run.ExitCode == 0, run.Log);
        return outDir;
    }

    [Fact]
    public void Train_TwoDevices_EqualOneDevice()
    {
        var data = Data;
        var one = Train("one", "cpu", data);
        var two = Train("two", "cpu:0,cpu:1", data);

        ModelFiles.AssertEqual(Path.Combine(one, "model.pt"), Path.Combine(two, "model.pt"), 1e-5f);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(two, "summary.json")));
        Assert.Equal("fashion-cnn", summary.RootElement.GetProperty("job").GetString());
        Assert.Equal(8, summary.RootElement.GetProperty("steps_applied").GetInt64());
        Assert.InRange(summary.RootElement.GetProperty("test_accuracy").GetDouble(), 0.0, 1.0);
    }

    [Fact]
    public void Coordinator_TwoWorkersOfTheSameExecutable_ModelEqualsEmbeddedAndStrangersAreRefused()
    {
        var data = Data;
        var other = SmallFashionMnist.Write(Path.Combine(dir, "other"), train: 512, test: 128, alterOnePixel: true);
        var port = FreePorts.Pair();
        string[] join = ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--devices", "cpu:0"];
        using var coordinator = TrainerProcess.StartFashionCnn("coordinator", ["coordinator", "--listen", $"127.0.0.1:{port}", "--insecure", "--min-workers", "2",
            "--worker-timeout", "90", "--data", data, "--out", Path.Combine(dir, "cluster"), .. Run]);
        Assert.True(coordinator.WaitForLine("waiting for", Patience), coordinator.Log);

        // Another model (--width), then other data: each refused, neither counted towards --min-workers.
        using var wider = TrainerProcess.StartFashionCnn("wider", [.. join, "--data", data, "--width", "8"]);
        Assert.True(wider.WaitForExit(Patience), wider.Log + coordinator.Log);
        Assert.Equal(1, wider.ExitCode);
        Assert.Contains("the model differs at parameter 0 (coordinator: 0.weight [6, 1, 5, 5] Float32; worker: 0.weight [8, 1, 5, 5] Float32", wider.Log);
        Assert.Contains("refused: the worker's job is not the coordinator's: the model differs", coordinator.Log);
        using var stranger = TrainerProcess.StartFashionCnn("stranger", [.. join, "--data", other]);
        Assert.True(stranger.WaitForExit(Patience), stranger.Log + coordinator.Log);
        Assert.Equal(1, stranger.ExitCode);
        Assert.Contains("the training data differs: coordinator has idx: ", stranger.Log);
        Assert.DoesNotContain("joined with", coordinator.Log);
        Assert.False(coordinator.HasExited, coordinator.Log);

        using var first = TrainerProcess.StartFashionCnn("worker1", [.. join, "--data", data]);
        using var second = TrainerProcess.StartFashionCnn("worker2", [.. join, "--data", data]);
        Assert.True(coordinator.WaitForExit(Patience), coordinator.Log + first.Log + second.Log);
        Assert.True(coordinator.ExitCode == 0, coordinator.Log + first.Log + second.Log);
        Assert.True(first.WaitForExit(Patience) && second.WaitForExit(Patience), first.Log + second.Log);
        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));

        var embedded = Train("embedded", "cpu:0,cpu:1", data);
        ModelFiles.AssertEqual(Path.Combine(embedded, "model.pt"), Path.Combine(dir, "cluster", "model.pt"), 1e-5f);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "cluster", "summary.json")));
        Assert.Equal(8, summary.RootElement.GetProperty("steps_applied").GetInt64());
        Assert.Equal(0, summary.RootElement.GetProperty("failures").GetArrayLength());
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

using System.Text.Json;
using Trainer.Coordinator.Cli;
using Trainer.Coordinator.Training;
using Trainer.Shared.StateDict;

namespace Trainer.Coordinator.Tests.Jobs;

/// <summary>
/// `train` for jobs that are not the book's: the outputs (summary.json, model.pt under the
/// module's PyTorch keys, trace.json) for a regression and for classifiers, and one device equal
/// to two in either mode.
/// </summary>
[Collection(LiveTensors.Name)]
public sealed class UserJobTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-userjob-").FullName;
    private readonly UserJobs jobs = new();

    private TrainOptions Options(string devices, string name, string mode = "ps", int epochs = 3) =>
        new(Epochs: epochs, BatchSize: 50, Seed: 5, Devices: devices, Out: Path.Combine(dir, name), Mode: mode);

    private static PlainProgress Quiet => new(new StringWriter());

    [Fact]
    public void Train_RegressionWithMse_ReportsLossesAndNoAccuracy()
    {
        var summary = TrainingRun.Run(jobs.Regression(), Options("cpu", "regression", epochs: 5), Quiet);

        Assert.Equal("regression", summary.Job);
        Assert.Null(summary.TrainAccuracy);
        Assert.Null(summary.TestAccuracy);
        Assert.All(summary.Epochs, e => Assert.Null(e.TrainAccuracy));
        Assert.True(summary.Epochs[^1].Loss < summary.Epochs[0].Loss / 2, $"loss {summary.Epochs[0].Loss} -> {summary.Epochs[^1].Loss}");
        Assert.NotNull(summary.TestLoss);
        Assert.True(summary.TestLoss < 1.0, $"test loss {summary.TestLoss}");
        Assert.Equal(5 * 12, summary.StepsApplied);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "regression", "summary.json")));
        Assert.False(json.RootElement.TryGetProperty("train_accuracy", out _));
        Assert.True(json.RootElement.TryGetProperty("test_loss", out _));
        Assert.Equal("regression: 0.weight [16, 8], 0.bias [16], 2.weight [1, 16], 2.bias [1]", json.RootElement.GetProperty("model").GetString());
        Assert.True(File.Exists(Path.Combine(dir, "regression", "trace.json")));
        using var scope = torch.NewDisposeScope();
        Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight"], PyTorchStateDict.Read(Path.Combine(dir, "regression", "model.pt")).Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("cpu:0,cpu:1")]
    public void Train_ClassifierWithAdam_LearnsAndReportsAccuracy(string devices)
    {
        var summary = TrainingRun.Run(jobs.Classifier(p => optim.Adam(p, 0.01), "adam"), Options(devices, "adam" + devices.Length, epochs: 6), Quiet);

        Assert.True(summary.TrainAccuracy > 0.8, $"train accuracy {summary.TrainAccuracy}");
        Assert.Null(summary.TestAccuracy); // no TestData
        Assert.Null(summary.TestLoss);
        Assert.True(summary.Epochs[^1].Loss < summary.Epochs[0].Loss);
    }

    [Theory]
    [InlineData("ps")]
    [InlineData("allreduce")]
    public void Train_TwoDevices_EqualOneDeviceWithSgd(string mode)
    {
        var job = jobs.Classifier(p => optim.SGD(p, 0.05, momentum: 0.9));
        TrainingRun.Run(job, Options("cpu", "one"), Quiet);
        TrainingRun.Run(job, Options("cpu:0,cpu:1", "two", mode), Quiet);

        using var scope = torch.NewDisposeScope();
        var one = PyTorchStateDict.Read(Path.Combine(dir, "one", "model.pt"));
        var two = PyTorchStateDict.Read(Path.Combine(dir, "two", "model.pt"));
        Assert.Equal(one.Keys, two.Keys);
        foreach (var (name, tensor) in one)
        {
            var difference = (tensor - two[name]).abs().max().item<float>();
            Assert.True(difference <= 1e-5f, $"{mode}: {name} differs by {difference}");
        }
    }

    [Fact]
    public void Train_JobWithoutName_RefusedNamingIt()
    {
        var job = jobs.Regression();
        var nameless = new TrainingJob { Name = " ", Model = job.Model, Loss = job.Loss, Optimizer = job.Optimizer, TrainData = job.TrainData };
        var stderr = new StringWriter();
        var error = Console.Error;
        Console.SetError(stderr);
        try { Assert.Equal(1, TrainCommand.Run(nameless, Options("cpu", "nameless"), new StringWriter())); }
        finally { Console.SetError(error); }
        Assert.Contains("the job needs a Name", stderr.ToString());
    }

    [Fact]
    public void Train_UnwritableOut_RefusedBeforeAnyWork()
    {
        var file = Path.Combine(dir, "a-file");
        File.WriteAllText(file, "");
        var e = Assert.Throws<ArgumentException>(() => TrainingRun.Run(jobs.Regression(), Options("cpu", "x") with { Out = Path.Combine(file, "out") }, Quiet));
        Assert.StartsWith($"--out {Path.Combine(file, "out")} cannot be written", e.Message);
    }

    public void Dispose()
    {
        jobs.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}

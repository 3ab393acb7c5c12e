using Trainer.Cluster.Tests.Support;
using Trainer.Coordinator.Checkpoints;
using Trainer.Coordinator.Cli;
using Trainer.Coordinator.Training;
using Trainer.Shared.StateDict;

namespace Trainer.Coordinator.Tests.Checkpoints;

/// <summary>
/// `trainer train --checkpoint-dir --checkpoint-every` and `--resume`, in process: a run resumed
/// from any kept checkpoint ends with the uninterrupted run's model and counts every step once.
/// (The killed-process version is in Trainer.Cluster.Tests.)
/// </summary>
[Collection(LiveTensors.Name)]
public sealed class ResumeTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-resume-").FullName;
    private readonly string data;

    public ResumeTests() => data = SmallFashionMnist.Write(Path.Combine(dir, "data"), train: 640, test: 64);

    // 640 images in batches of 32: 20 steps an epoch, 40 in all; checkpoints after steps 15 and 30 (mid-epoch both).
    private TrainOptions Options(string devices, string name, CheckpointOptions? checkpoints, int seed = 4) =>
        new(Epochs: 2, BatchSize: 32, Seed: seed, Devices: devices, Out: Path.Combine(dir, name), Checkpoints: checkpoints);

    private TrainingJob Job => Book.BookJobs.Create(hidden: 16, lr: 0.05, dataRoot: data);

    [Theory]
    [InlineData("cpu:0,cpu:1")]
    [InlineData("cpu")]
    public void Train_ResumedFromEitherKeptCheckpoint_ModelEqualsUninterruptedRunAndStepsCountedOnce(string devices)
    {
        var checkpoints = Path.Combine(dir, "checkpoints");
        var full = TrainingRun.Run(Job, Options(devices, "full", new CheckpointOptions(checkpoints, 15, null)), Quiet);
        Assert.Equal(40, full.StepsApplied);
        Assert.Equal([Checkpoint.FolderName(15), Checkpoint.FolderName(30)], Directory.GetDirectories(checkpoints).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal));

        var fromNewest = TrainingRun.Run(Job, Options(devices, "from30", new CheckpointOptions(null, 0, checkpoints)), Quiet);
        Directory.Delete(Path.Combine(checkpoints, Checkpoint.FolderName(30)), recursive: true);
        var fromOlder = TrainingRun.Run(Job, Options(devices, "from15", new CheckpointOptions(null, 0, checkpoints)), Quiet);

        Assert.Equal((30L, 40L), (fromNewest.ResumedFromStep, fromNewest.StepsApplied));
        Assert.Equal((15L, 40L), (fromOlder.ResumedFromStep, fromOlder.StepsApplied));
        Assert.Equal(2, fromNewest.Epochs.Count); // the finished epoch's figures come from the checkpoint
        AssertSameModel("full", "from30");
        AssertSameModel("full", "from15");
    }

    [Fact]
    public void Train_ResumeWithAnotherSeed_ExitOneNamingTheSeed()
    {
        var checkpoints = Path.Combine(dir, "checkpoints");
        TrainingRun.Run(Job, Options("cpu:0,cpu:1", "first", new CheckpointOptions(checkpoints, 15, null)), Quiet);

        var output = new StringWriter();
        var error = Console.Error;
        var stderr = new StringWriter();
        Console.SetError(stderr);
        try { Assert.Equal(1, TrainCommand.Run(Job, Options("cpu:0,cpu:1", "second", new CheckpointOptions(null, 0, checkpoints), seed: 9), output)); }
        finally { Console.SetError(error); }
        Assert.Contains("the checkpoint was written with --seed 4, this run has 9", stderr.ToString());
    }

    [Theory]
    [InlineData(null, 5, "--checkpoint-every needs --checkpoint-dir")]
    [InlineData("x", 0, "--checkpoint-dir needs --checkpoint-every")]
    public void Train_CheckpointOptionsIncomplete_RefusedNamingTheMissingOne(string? checkpointDir, int every, string message)
    {
        var options = Options("cpu", "none", new CheckpointOptions(checkpointDir, every, null));
        var e = Assert.Throws<ArgumentException>(() => TrainingRun.Run(Job, options, Quiet));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Train_CheckpointsInAllReduceMode_RefusedSayingWhy()
    {
        var options = Options("cpu:0,cpu:1", "ar", new CheckpointOptions(Path.Combine(dir, "c"), 5, null)) with { Mode = "allreduce" };
        var e = Assert.Throws<ArgumentException>(() => TrainingRun.Run(Job, options, Quiet));
        Assert.Contains("parameter-server mode", e.Message);
    }

    private static PlainProgress Quiet => new(new StringWriter());

    private void AssertSameModel(string expectedRun, string actualRun)
    {
        using var scope = torch.NewDisposeScope();
        var expected = PyTorchStateDict.Read(Path.Combine(dir, expectedRun, "model.pt"));
        var actual = PyTorchStateDict.Read(Path.Combine(dir, actualRun, "model.pt"));
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, tensor) in expected)
        {
            var difference = (tensor - actual[name]).abs().max().item<float>();
            Assert.True(difference <= 1e-4f, $"{actualRun}: {name} differs from {expectedRun} by {difference}");
        }
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

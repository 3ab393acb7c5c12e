using Trainer.Coordinator.Training;
using Trainer.Telemetry.Tests.Figures;

namespace Trainer.Telemetry.Tests.TensorBoard;

/// <summary>
/// `train --tensorboard DIR` for a job of the test's own, on two devices: the event file holds
/// every step's loss and samples/s, every epoch's figures, each device's phase times and nothing
/// for the accuracy a regression does not have; --out gets curves.png.
/// </summary>
public sealed class TrainRunTensorBoardTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-tb-run-").FullName;

    [Fact]
    public void Train_TensorBoardDir_EveryStepEpochAndDeviceTagRecorded()
    {
        using var x = torch.linspace(-1, 1, 120).reshape(120, 1);
        using var y = 3 * x + 1;
        var job = new TrainingJob
        {
            Name = "line",
            Model = () => nn.Sequential(nn.Linear(1, 1)),
            Loss = () => nn.MSELoss(),
            Optimizer = p => optim.SGD(p, 0.1),
            TrainData = () => new TensorBatchSource(x, y),
            TestData = () => new TensorBatchSource(x, y),
        };
        var board = Path.Combine(dir, "tb");
        var summary = TrainingRun.Run(job, new TrainOptions(Epochs: 2, BatchSize: 40, Devices: "cpu:0,cpu:1", Out: Path.Combine(dir, "out"), TensorBoard: board),
            new PlainProgress(new StringWriter()));

        var events = EventFile.Read(Assert.Single(Directory.GetFiles(board))).Where(e => e.Tag is not null).ToList();
        long[] Steps(string tag) => events.Where(e => e.Tag == tag).Select(e => e.Step).ToArray();
        Assert.Equal([1, 2, 3, 4, 5, 6], Steps("train/loss"));
        Assert.Equal([1, 2, 3, 4, 5, 6], Steps("train/samples_per_sec"));
        Assert.Equal([3, 6], Steps("epoch/loss"));
        Assert.Equal([3, 6], Steps("epoch/test_loss"));
        Assert.Empty(Steps("epoch/train_accuracy")); // a regression: no accuracy
        Assert.Equal((float)summary.Epochs[1].Loss, events.Single(e => e.Tag == "epoch/loss" && e.Step == 6).Value!.Value, 5);
        // The epoch's mean of the step losses is the epoch's loss (equal batches).
        var firstEpoch = events.Where(e => e.Tag == "train/loss" && e.Step <= 3).Average(e => e.Value!.Value);
        Assert.Equal(summary.Epochs[0].Loss, firstEpoch, 4);
        foreach (var device in new[] { "cpu:0", "cpu:1" })
            foreach (var figure in new[] { "forward_ms", "backward_ms", "transfer_ms", "idle_ms" })
                Assert.Equal([3, 6], Steps($"device/{device}/{figure}"));
        Assert.True(events.Single(e => e.Tag == "device/cpu:0/forward_ms" && e.Step == 3).Value > 0);

        ImageFiles.AssertPng(Path.Combine(dir, "out", "curves.png"));
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

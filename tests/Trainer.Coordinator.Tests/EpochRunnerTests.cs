using Trainer.Coordinator.Training;
using Trainer.Shared.Data;

namespace Trainer.Coordinator.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveTensors
{
    public const string Name = "live tensors";
}

[Collection(LiveTensors.Name)]
public class EpochRunnerTests
{
    [Fact]
    public void Train_Epoch_LeavesNoTensorsBehindAndLowersLoss()
    {
        manual_seed(3);
        using var x = rand(512, 1, 28, 28);
        using var y = randint(0, 10, new long[] { 512 });
        var data = new TensorBatchSource(x, y);
        var order = SampleOrder.Shuffled(512, 3, 0);
        using var net = Book.ConciseMlp.Create();
        using var loss = nn.CrossEntropyLoss();
        using var opt = torch.optim.SGD(net.parameters(), learningRate: 0.5);

        var first = EpochRunner.Train(net, loss, opt, data, order, 64, CPU, classIndices: true);
        // TorchSharp's dispose-scope statistics of this thread, which runs every step here.
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var progress = new List<EpochRunner.Progress>();
        EpochRunner.Train(net, loss, opt, data, order, 64, CPU, classIndices: true, progress.Add);
        var (_, accuracy) = EpochRunner.Evaluate(net, loss, data, 100, CPU, classIndices: true);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);

        Assert.Equal(512, first.Samples);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), progress.Select(p => p.Batch));
        Assert.All(progress, p => Assert.Equal(8, p.Batches));
        // Random labels on random images: the net can only memorise, but it does lower the loss.
        Assert.True(progress[^1].Loss < first.Loss, $"{progress[^1].Loss} vs {first.Loss}");
        Assert.InRange(accuracy!.Value, 0.0, 1.0);
    }
}

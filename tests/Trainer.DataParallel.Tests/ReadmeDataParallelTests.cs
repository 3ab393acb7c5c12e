using Trainer.Coordinator.DataParallel;
using Trainer.Torch.Data;
using Trainer.Worker;
using static Trainer.Torch.torch;
using static Trainer.Torch.torch.nn;

namespace Trainer.DataParallel.Tests;

/// <summary>The README's data-parallel example, line for line, on the real Fashion-MNIST.</summary>
[Collection(NativeState.Name)]
public sealed class ReadmeDataParallelTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-readme-dp-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void DataParallelExample_TrainsOneEpochAndSavesTheStateDict()
    {
        using var data = new FashionMNIST(train: true);
        using var inputs = data.normalized();
        manual_seed(0);
        using var dp = DataParallelTrainer.Create(new DataParallelOptions(
            () => new Sequential(new Flatten(), new Linear(784, 256), new ReLU(), new Linear(256, 10)),
            () => new CrossEntropyLoss(),
            p => optim.SGD(p, lr: 0.1),
            DeviceSpecs.Parse("cpu:0,cpu:1"),
            new TensorBatchSource(inputs, data.targets),
            DataParallelMode.AllReduce));
        var order = new long[data.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        new Random(0).Shuffle(order);
        var epoch = dp.RunEpoch(order, batchSize: 256);
        var path = Path.Combine(dir, "model.pt");
        save(dp.MasterModel.state_dict(), path);

        Assert.Equal(60_000, epoch.Samples);
        Assert.Equal(235, epoch.Steps);
        Assert.True(epoch.Accuracy > 0.75, $"one epoch reached {epoch.Accuracy:P1} train accuracy");
        var keys = load<OrderedDictionary<string, Tensor>>(path);
        Assert.Equal(new[] { "1.weight", "1.bias", "3.weight", "3.bias" }, keys.Keys);
        foreach (var t in keys.Values) t.Dispose();
    }
}

using Trainer.Coordinator.DataParallel;
using Trainer.Shared.Data;
using Trainer.Worker;
using Trainer.Shared.StateDict;

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
            () => nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)),
            () => nn.CrossEntropyLoss(),
            p => optim.SGD(p, learningRate: 0.1),
            DeviceSpecs.Parse("cpu:0,cpu:1"),
            new TensorBatchSource(inputs, data.targets),
            DataParallelMode.AllReduce));
        var order = new long[data.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        new Random(0).Shuffle(order);
        var epoch = dp.RunEpoch(order, batchSize: 256);
        var path = Path.Combine(dir, "model.pt");
        PyTorchStateDict.Save(dp.MasterModel, path);  // torch.load reads it as a state_dict

        Assert.Equal(60_000, epoch.Samples);
        Assert.Equal(235, epoch.Steps);
        Assert.True(epoch.Accuracy > 0.75, $"one epoch reached {epoch.Accuracy:P1} train accuracy");
        var saved = PyTorchStateDict.Read(path);
        Assert.Equal(new[] { "1.bias", "1.weight", "3.bias", "3.weight" }, saved.Keys.Order());
        foreach (var t in saved.Values) t.Dispose();
    }
}

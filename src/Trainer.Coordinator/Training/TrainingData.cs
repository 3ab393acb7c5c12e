using Trainer.Shared.Data;

namespace Trainer.Coordinator.Training;

/// <summary>
/// Fashion-MNIST as every `trainer train` path feeds it to the model: standardized pixels
/// (<see cref="FashionMNIST.normalized"/>) and class labels, train and test, on one device.
/// One place, so the single-device and data-parallel runs can never see different inputs.
/// </summary>
internal sealed class TrainingData : IDisposable
{
    public Tensor TrainX { get; }
    public Tensor TrainY { get; }
    public Tensor TestX { get; }
    public Tensor TestY { get; }
    public long TrainCount => TrainY.size(0);

    public TrainingData(string? root, Device device)
    {
        using var train = new FashionMNIST(root, train: true);
        using var test = new FashionMNIST(root, train: false);
        TrainX = Place(train.normalized(), device);
        TrainY = Place(train.targets.alias(), device);
        TestX = Place(test.normalized(), device);
        TestY = Place(test.targets.alias(), device);
    }

    /// <summary>Moves <paramref name="t"/> to the device (taking ownership) and out of any dispose scope.</summary>
    private static Tensor Place(Tensor t, Device device)
    {
        if (device.type == DeviceType.CPU) return t.DetachFromDisposeScope();
        using (t) return t.to(device).DetachFromDisposeScope();
    }

    public void Dispose()
    {
        TrainX.Dispose();
        TrainY.Dispose();
        TestX.Dispose();
        TestY.Dispose();
    }
}

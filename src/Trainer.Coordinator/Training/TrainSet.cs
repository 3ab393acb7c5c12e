using Trainer.Shared.Data;
using Trainer.Worker;

namespace Trainer.Coordinator.Training;

/// <summary>
/// A worker's local copy of the training split, fed to its devices exactly as
/// <see cref="TrainingData"/> feeds `trainer train` (standardized pixels, class labels), so a
/// sample index means the same input on every node. Owns its tensors.
/// </summary>
internal sealed class TrainSet : IBatchSource, IDisposable
{
    private readonly Tensor x;
    private readonly Tensor y;
    private readonly TensorBatchSource source;

    private TrainSet(Tensor x, Tensor y)
    {
        this.x = x;
        this.y = y;
        source = new TensorBatchSource(x, y);
    }

    public static TrainSet Load(string? root)
    {
        using var train = new FashionMNIST(root, train: true);
        return new TrainSet(train.normalized().DetachFromDisposeScope(), train.targets.alias().DetachFromDisposeScope());
    }

    public long Count => source.Count;

    public (Tensor x, Tensor y) Gather(long[] indices) => source.Gather(indices);

    public void Dispose()
    {
        x.Dispose();
        y.Dispose();
    }
}

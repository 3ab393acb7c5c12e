using System.Collections;
using TorchSharp;
using static TorchSharp.torch;

namespace Trainer.Shared.Data;

/// <summary>
/// Mini-batches of (inputs, targets) drawn from two tensors that hold the whole data set, as
/// PyTorch's DataLoader over a TensorDataset: batch size, shuffling with a seed, drop_last. Each
/// batch is one gather per tensor (a narrow when unshuffled). A batch belongs to the loader and is
/// freed when the next one is fetched or the enumeration ends: clone it to keep it longer.
/// </summary>
public sealed class TensorDataLoader : IEnumerable<(Tensor x, Tensor y)>
{
    private readonly Tensor inputs;
    private readonly Tensor targets;
    private readonly int? seed;
    private int epoch;

    /// <param name="seed">With a seed, every run shuffles the same way (epoch k uses a permutation
    /// derived from the seed and k); without, each epoch is random.</param>
    public TensorDataLoader(Tensor inputs, Tensor targets, long batch_size, bool shuffle = false, bool drop_last = false, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (batch_size < 1) throw new ArgumentOutOfRangeException(nameof(batch_size), $"batch_size should be a positive integer, got {batch_size}");
        if (inputs.dim() == 0 || targets.dim() == 0) throw new ArgumentException("inputs and targets need a first (sample) dimension");
        if (inputs.size(0) != targets.size(0))
            throw new ArgumentException($"inputs hold {inputs.size(0)} samples but targets hold {targets.size(0)}");
        this.inputs = inputs;
        this.targets = targets;
        this.batch_size = batch_size;
        this.shuffle = shuffle;
        this.drop_last = drop_last;
        this.seed = seed;
    }

    public long batch_size { get; }
    public bool shuffle { get; }
    public bool drop_last { get; }

    /// <summary>Samples in the data set.</summary>
    public long DatasetSize => inputs.size(0);

    /// <summary>Batches per epoch (PyTorch's <c>len(loader)</c>).</summary>
    public long Count => drop_last ? DatasetSize / batch_size : (DatasetSize + batch_size - 1) / batch_size;

    /// <summary>The order of samples for the next epoch: a seeded Fisher-Yates permutation.</summary>
    public long[] NextOrder() => SampleOrder.Shuffled(DatasetSize, seed, epoch++);

    public IEnumerator<(Tensor x, Tensor y)> GetEnumerator()
    {
        Tensor? order = shuffle ? ShuffledOrder() : null;
        Tensor? x = null, y = null;
        try
        {
            for (long start = 0; start < DatasetSize; start += batch_size)
            {
                var length = Math.Min(batch_size, DatasetSize - start);
                if (length < batch_size && drop_last) break;
                x?.Dispose();
                y?.Dispose();
                x = Rows(inputs, order, start, length);
                y = Rows(targets, order, start, length);
                yield return (x, y);
            }
        }
        finally
        {
            x?.Dispose();
            y?.Dispose();
            order?.Dispose();
        }
    }

    /// <summary>This epoch's permutation, on the data's device (index_select wants both on one device).</summary>
    private Tensor ShuffledOrder()
    {
        var onCpu = tensor(NextOrder()).DetachFromDisposeScope();
        if (inputs.device_type == DeviceType.CPU) return onCpu;
        using (onCpu) return onCpu.to(inputs.device).DetachFromDisposeScope();
    }

    private static Tensor Rows(Tensor source, Tensor? order, long start, long length)
    {
        if (order is null) return source.narrow(0, start, length).DetachFromDisposeScope();
        using var picked = order.narrow(0, start, length);
        return source.index_select(0, picked).DetachFromDisposeScope();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

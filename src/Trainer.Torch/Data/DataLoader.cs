using System.Collections;
using Trainer.Torch.Native;

namespace Trainer.Torch.Data;

/// <summary>
/// Mini-batches of (inputs, targets) drawn from two tensors that hold the whole data set,
/// as PyTorch's DataLoader over a TensorDataset: batch size, shuffling with a seed, drop_last.
/// Each batch is one native gather per tensor. A batch belongs to the loader and is freed when
/// the next one is fetched (or the enumeration ends): clone it to keep it longer.
/// </summary>
public sealed class DataLoader : IEnumerable<(Tensor x, Tensor y)>
{
    private readonly Tensor inputs;
    private readonly Tensor targets;
    private readonly int? seed;
    private int epoch;

    /// <param name="seed">With a seed, every run shuffles the same way (epoch k uses a
    /// permutation derived from the seed and k); without, each epoch is random.</param>
    public DataLoader(Tensor inputs, Tensor targets, long batch_size, bool shuffle = false, bool drop_last = false, int? seed = null)
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

    public DataLoader(FashionMNIST dataset, long batch_size, bool shuffle = false, bool drop_last = false, int? seed = null)
        : this(dataset.images, dataset.targets, batch_size, shuffle, drop_last, seed) { }

    public long batch_size { get; }
    public bool shuffle { get; }
    public bool drop_last { get; }

    /// <summary>Samples in the data set.</summary>
    public long DatasetSize => inputs.size(0);

    /// <summary>Batches per epoch (PyTorch's <c>len(loader)</c>).</summary>
    public long Count => drop_last ? DatasetSize / batch_size : (DatasetSize + batch_size - 1) / batch_size;

    /// <summary>The order of samples for the next epoch: a seeded Fisher-Yates permutation.</summary>
    internal long[] NextOrder()
    {
        var n = DatasetSize;
        var order = new long[n];
        for (long i = 0; i < n; i++) order[i] = i;
        var rng = seed is int s ? new Random(unchecked(s * 1_000_003 + epoch)) : Random.Shared;
        epoch++;
        for (var i = n - 1; i > 0; i--)
        {
            var j = rng.NextInt64(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

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
        var onCpu = DisposeScope.Detach(torch.tensor(NextOrder()));
        if (inputs.device.type == DeviceType.CPU) return onCpu;
        using (onCpu) return DisposeScope.Detach(onCpu.to(inputs.device));
    }

    private static Tensor Rows(Tensor source, Tensor? order, long start, long length) =>
        DisposeScope.Detach(NativeMethods.CheckTensor(
            NativeMethods.trn_data_rows(source.Handle, Tensor.HandleOrUndefined(order), start, length)));

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

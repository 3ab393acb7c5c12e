
namespace Trainer;

/// <summary>
/// Where a device reads its samples: rows gathered by index, so that a step moves indices in
/// and gradients out. Called concurrently from every device thread; implementations only read.
/// </summary>
public interface IBatchSource
{
    /// <summary>Samples in the data set (valid indices are 0..Count-1).</summary>
    long Count { get; }

    /// <summary>The inputs and targets of <paramref name="indices"/>, as new CPU tensors (the caller's scope frees them).</summary>
    (Tensor x, Tensor y) Gather(long[] indices);
}

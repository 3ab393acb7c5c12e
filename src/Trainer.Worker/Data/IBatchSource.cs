
namespace Trainer;

/// <summary>
/// Where a device reads its samples: rows gathered by index, so that a step moves indices in
/// and gradients out. Called concurrently from every device thread; implementations only read.
/// A job's <c>TrainingJob.TrainData</c> makes one on every node, and a worker whose
/// source differs from the coordinator's is refused at join (<see cref="Fingerprint"/>).
/// </summary>
public interface IBatchSource
{
    /// <summary>Samples in the data set (valid indices are 0..Count-1).</summary>
    long Count { get; }

    /// <summary>The inputs and targets of <paramref name="indices"/>, as new CPU tensors (the caller's scope frees them).</summary>
    (Tensor x, Tensor y) Gather(long[] indices);

    /// <summary>
    /// What identifies this data set across machines (for example the SHA-256 of its files),
    /// compared when a worker joins. Null (the default): the harness hashes every row instead,
    /// which reads the whole set once per node.
    /// </summary>
    string? Fingerprint => null;
}


namespace Trainer;

/// <summary>
/// A data set held as two in-process tensors (inputs, targets) shared by every replica. The
/// tensors stay owned by the caller and must outlive the trainer; each gather is one
/// index_select per tensor, which only reads them and so is safe from several threads at once.
/// </summary>
public sealed class TensorBatchSource : IBatchSource
{
    private readonly Tensor inputs;
    private readonly Tensor targets;

    /// <summary>Rows of <paramref name="inputs"/> and <paramref name="targets"/> (as many of each, along the first dimension); the caller keeps both alive.</summary>
    public TensorBatchSource(Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.dim() == 0 || targets.dim() == 0) throw new ArgumentException("inputs and targets need a first (sample) dimension");
        if (inputs.size(0) != targets.size(0))
            throw new ArgumentException($"inputs hold {inputs.size(0)} samples but targets hold {targets.size(0)}");
        this.inputs = inputs;
        this.targets = targets;
        Count = inputs.size(0);
    }

    /// <inheritdoc/>
    public long Count { get; }

    /// <inheritdoc/>
    public (Tensor x, Tensor y) Gather(long[] indices)
    {
        using var index = torch.tensor(indices);
        return (inputs.index_select(0, index), targets.index_select(0, index));
    }
}

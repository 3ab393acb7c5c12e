using Trainer.Shared.Data;

namespace Trainer.Coordinator.Book;

/// <summary>
/// A split of Fashion-MNIST as the book's jobs feed it: standardized pixels
/// (<see cref="FashionMNIST.normalized"/>, [N, 1, 28, 28]) and class labels. Its fingerprint is
/// the two files' names, sizes and SHA-256, so a worker holding other files is refused at join.
/// Owns its tensors.
/// </summary>
internal sealed class FashionMnistSource : IBatchSource, IDisposable
{
    private readonly Tensor x;
    private readonly Tensor y;
    private readonly TensorBatchSource source;

    public FashionMnistSource(string? root, bool train)
    {
        root ??= FashionMNIST.DefaultRoot;
        using (var split = new FashionMNIST(root, train))
        {
            x = split.normalized().DetachFromDisposeScope();
            y = split.targets.alias().DetachFromDisposeScope();
        }
        source = new TensorBatchSource(x, y);
        var prefix = train ? "train" : "t10k";
        Fingerprint = DataFingerprint.OfFiles([Path.Combine(root, $"{prefix}-images-idx3-ubyte.gz"), Path.Combine(root, $"{prefix}-labels-idx1-ubyte.gz")]);
    }

    public long Count => source.Count;

    public string Fingerprint { get; }

    public (Tensor x, Tensor y) Gather(long[] indices) => source.Gather(indices);

    public void Dispose()
    {
        x.Dispose();
        y.Dispose();
    }
}

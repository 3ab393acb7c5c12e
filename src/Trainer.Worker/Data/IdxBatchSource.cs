using Trainer.Shared.Data;

namespace Trainer;

/// <summary>
/// Inputs and targets read from two IDX files, the format of MNIST, Fashion-MNIST, KMNIST and
/// EMNIST: gzip-compressed (<c>.gz</c>, as they are downloaded) or raw, told apart by the gzip
/// magic; any IDX type code (unsigned and signed byte, short, int, float, double). Both files are
/// read into memory once, in their own dtype (Fashion-MNIST's training images are 47 MB), and a
/// gather is one index_select per tensor, which only reads them.
/// </summary>
/// <remarks>
/// <para>What <see cref="Gather"/> returns: inputs as float32 shaped [n, ..the file's dimensions
/// after the first] (for Fashion-MNIST [n, 28, 28]), multiplied by <c>scale</c>, then passed through
/// <c>transform</c> if one is given; targets of an integer type as int64 class indices shaped as in
/// the file (for labels [n]), of a floating type as float32. So Fashion-MNIST trains a classifier
/// with CrossEntropyLoss as torchvision's ToTensor would feed it:
/// <code>new IdxBatchSource("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", scale: 1 / 255f, transform: x => x.unsqueeze(1))</code>
/// </para>
/// <para>Every fault in a file (missing, not IDX, unknown type code, truncated, more data than its
/// header says, broken gzip, inputs and targets of different lengths) is refused at construction
/// with a message naming the file and the fault.</para>
/// </remarks>
public sealed class IdxBatchSource : IBatchSource, IDisposable
{
    private readonly Tensor inputs;
    private readonly Tensor targets;
    private readonly SampleConversion conversion;

    /// <param name="inputsPath">The IDX file of inputs (images); its first dimension counts samples.</param>
    /// <param name="targetsPath">The IDX file of targets (labels), as many as there are inputs.</param>
    /// <param name="scale">Multiplies every input after it is made float32 (1/255f puts bytes in [0, 1]).</param>
    /// <param name="transform">
    /// Applied to each gathered float32 input batch after scaling (add a channel dimension,
    /// normalize); called from several device threads at once, so it must only read shared state.
    /// What it makes on the way is freed; what it returns is the batch.
    /// </param>
    public IdxBatchSource(string inputsPath, string targetsPath, float scale = 1f, Func<Tensor, Tensor>? transform = null)
    {
        ArgumentNullException.ThrowIfNull(inputsPath);
        ArgumentNullException.ThrowIfNull(targetsPath);
        conversion = new SampleConversion(scale, transform);
        // Hashed from the files before they are parsed: a file replaced after loading would
        // otherwise give a fingerprint of bytes this source never read.
        Fingerprint = DataFileHash.Join("idx", Hash(inputsPath), Hash(targetsPath));
        // Kept out of any dispose scope the caller is in: the tensors live as long as this source.
        inputs = IdxFile.Read(inputsPath).DetachFromDisposeScope();
        try
        {
            targets = IdxFile.Read(targetsPath).DetachFromDisposeScope();
            SampleRules.RequireSameCount(inputsPath, inputs.size(0), targetsPath, targets.size(0));
        }
        catch
        {
            inputs.Dispose();
            targets?.Dispose();
            throw;
        }
        Count = inputs.size(0);
    }

    /// <inheritdoc/>
    public long Count { get; }

    /// <summary>Size and SHA-256 of the inputs file, then of the targets file.</summary>
    public string Fingerprint { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0..Count-1.</exception>
    public (Tensor x, Tensor y) Gather(long[] indices)
    {
        SampleRules.CheckIndices(indices, Count);
        using var scope = NewDisposeScope();
        var index = tensor(indices);
        var (x, y) = conversion.Convert(inputs.index_select(0, index), targets.index_select(0, index));
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }

    /// <summary>Frees what the source holds; no Gather may be running.</summary>
    public void Dispose()
    {
        inputs.Dispose();
        targets.Dispose();
    }

    private static string Hash(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file {path} not found", path);
        using var file = File.OpenRead(path);
        return DataFileHash.Describe(file);
    }
}

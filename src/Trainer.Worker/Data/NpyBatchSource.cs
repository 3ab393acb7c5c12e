namespace Trainer;

/// <summary>
/// Inputs and targets from two NumPy .npy files as <c>numpy.save</c> writes them (format 1.0, 2.0
/// or 3.0; little-endian float32 <c>&lt;f4</c>, uint8 <c>|u1</c> or int64 <c>&lt;i8</c>; C order),
/// memory-mapped rather than read: a gather copies only the rows it names from the mapping into
/// new tensors, so a data set larger than memory trains, and every device thread shares one copy
/// in the page cache. The source owns its two mappings: dispose it once training is done.
/// </summary>
/// <remarks>
/// <para>What <see cref="Gather"/> returns, whatever the files store: inputs as float32 shaped
/// [n, ..the array's dimensions after the first], multiplied by <c>scale</c>, then passed through
/// <c>transform</c> if one is given; targets of an integer dtype as int64 class indices (for
/// CrossEntropyLoss), of float32 as float32 (for MSELoss), shaped as in the file.</para>
/// <para>A file numpy did not write this way is refused at construction with a message naming it
/// and the fault: not .npy, another dtype (named, with the supported ones), Fortran order, a
/// malformed header, data shorter (truncated) or longer (the shape contradicts the file) than the
/// header's shape, inputs and targets of different lengths.</para>
/// </remarks>
public sealed class NpyBatchSource : IBatchSource, IDisposable
{
    private readonly NpyArray inputs;
    private readonly NpyArray targets;
    private readonly SampleConversion conversion;
    private readonly Lazy<string> fingerprint;

    /// <param name="inputsPath">The .npy file of inputs (x.npy); its first dimension counts samples.</param>
    /// <param name="targetsPath">The .npy file of targets (y.npy), as many as there are inputs.</param>
    /// <param name="scale">Multiplies every input after it is made float32 (1/255f puts uint8 pixels in [0, 1]).</param>
    /// <param name="transform">
    /// Applied to each gathered float32 input batch after scaling; called from several device
    /// threads at once, so it must only read shared state. What it makes on the way is freed.
    /// </param>
    public NpyBatchSource(string inputsPath, string targetsPath, float scale = 1f, Func<Tensor, Tensor>? transform = null)
    {
        ArgumentNullException.ThrowIfNull(inputsPath);
        ArgumentNullException.ThrowIfNull(targetsPath);
        conversion = new SampleConversion(scale, transform);
        inputs = NpyArray.Open(inputsPath);
        try
        {
            targets = NpyArray.Open(targetsPath);
            SampleRules.RequireSameCount(inputsPath, inputs.Count, targetsPath, targets.Count);
        }
        catch
        {
            inputs.Dispose();
            targets?.Dispose();
            throw;
        }
        Count = inputs.Count;
        // Hashing reads every byte of both files: only a cluster join asks, so only then.
        fingerprint = new Lazy<string>(() => DataFileHash.Join("npy", inputs.Describe(), targets.Describe()));
    }

    /// <inheritdoc/>
    public long Count { get; }

    /// <summary>Size and SHA-256 of the inputs file, then of the targets file (computed on first use).</summary>
    public string Fingerprint => fingerprint.Value;

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0..Count-1.</exception>
    /// <exception cref="ObjectDisposedException">The source was disposed.</exception>
    public (Tensor x, Tensor y) Gather(long[] indices)
    {
        SampleRules.CheckIndices(indices, Count);
        using var scope = NewDisposeScope();
        var (x, y) = conversion.Convert(inputs.Rows(indices), targets.Rows(indices));
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }

    /// <summary>Unmaps both files; call it once no gather is running.</summary>
    public void Dispose()
    {
        inputs.Dispose();
        targets.Dispose();
    }
}

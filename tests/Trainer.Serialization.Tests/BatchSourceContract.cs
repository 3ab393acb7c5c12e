using Trainer.Tests;

namespace Trainer.Serialization.Tests;

/// <summary>
/// What every file-backed <see cref="IBatchSource"/> must honour, run once per format: rows come
/// back by index as float32 inputs and int64 targets, indices out of range and files of different
/// lengths are refused by name, several threads gather at once, the fingerprint tells one changed
/// byte, and a gather leaves nothing alive but its result. A format's class writes the files.
/// </summary>
public abstract class BatchSourceContract<TSource> where TSource : IBatchSource, IDisposable
{
    /// <summary>Values per input row: inputs are [count, 2, 3].</summary>
    protected const int RowValues = 6;

    /// <summary>
    /// Writes inputs [count, 2, 3] of float32 with input[i] = i*6, i*6+1, ..., i*6+5 and integer
    /// targets target[i] = i % 10 under <paramref name="dir"/>, file names starting with <paramref name="name"/>.
    /// </summary>
    private protected abstract (string Inputs, string Targets) Write(TempDir dir, string name, int count);

    protected abstract TSource Open(string inputs, string targets, float scale = 1f, Func<Tensor, Tensor>? transform = null);

    [Fact]
    public void Gather_SomeIndices_ReturnsTheirRowsAsFloat32AndInt64()
    {
        using var dir = new TempDir();
        var (inputs, targets) = Write(dir, "set", 12);
        using var source = Open(inputs, targets);
        Assert.Equal(12, source.Count);

        var (x, y) = source.Gather([11, 0, 3, 3]);
        using (x)
        using (y)
        {
            Assert.Equal(ScalarType.Float32, x.dtype);
            Assert.Equal(new long[] { 4, 2, 3 }, x.shape);
            Assert.Equal(ScalarType.Int64, y.dtype);
            Assert.Equal(new long[] { 4 }, y.shape);
            Assert.Equal(Expected([11, 0, 3, 3], v => v), x.data<float>().ToArray());
            Assert.Equal(new long[] { 1, 0, 3, 3 }, y.data<long>().ToArray());
        }
    }

    [Fact]
    public void Gather_ScaleAndTransform_AppliesBothToInputsOnly()
    {
        using var dir = new TempDir();
        var (inputs, targets) = Write(dir, "set", 5);
        using var source = Open(inputs, targets, scale: 0.5f, transform: x => (x + 1).reshape(x.size(0), -1));

        var (x, y) = source.Gather([4, 1]);
        using (x)
        using (y)
        {
            Assert.Equal(new long[] { 2, RowValues }, x.shape);
            Assert.Equal(Expected([4, 1], v => v * 0.5f + 1), x.data<float>().ToArray());
            Assert.Equal(new long[] { 4, 1 }, y.data<long>().ToArray());
        }
    }

    [Fact]
    public void Gather_NoIndices_ReturnsAnEmptyBatchOfTheRowShape()
    {
        using var dir = new TempDir();
        var (inputs, targets) = Write(dir, "set", 3);
        using var source = Open(inputs, targets);

        var (x, y) = source.Gather([]);
        using (x)
        using (y)
        {
            Assert.Equal(new long[] { 0, 2, 3 }, x.shape);
            Assert.Equal(new long[] { 0 }, y.shape);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(7)]
    [InlineData(long.MaxValue)]
    public void Gather_IndexOutOfRange_ThrowsNamingIndexAndCount(long index)
    {
        using var dir = new TempDir();
        var (inputs, targets) = Write(dir, "set", 7);
        using var source = Open(inputs, targets);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => source.Gather([0, index]));
        Assert.Contains($"index {index}", e.Message);
        Assert.Contains("Count is 7", e.Message);
    }

    [Fact]
    public async Task Gather_FromSeveralThreadsAtOnce_EachGetsItsRows()
    {
        using var dir = new TempDir();
        var (inputs, targets) = Write(dir, "set", 40);
        using var source = Open(inputs, targets, scale: 2f);

        var threads = Enumerable.Range(0, 6).Select(t => Task.Run(() =>
        {
            var random = new Random(t);
            for (var round = 0; round < 50; round++)
            {
                var indices = Enumerable.Range(0, 8).Select(_ => random.NextInt64(40)).ToArray();
                var (x, y) = source.Gather(indices);
                using (x)
                using (y)
                {
                    Assert.Equal(Expected(indices, v => v * 2), x.data<float>().ToArray());
                    Assert.Equal(indices.Select(i => i % 10), y.data<long>().ToArray());
                }
            }
        })).ToArray();

        await Task.WhenAll(threads).WaitAsync(TimeSpan.FromSeconds(60)); // a TimeoutException fails the test
    }

    [Fact]
    public void Gather_Repeatedly_LeavesNoLiveTensorsBeyondItsResult()
    {
        using var dir = new TempDir();
        var (inputs, targets) = Write(dir, "set", 20);
        // A scale and a transform make intermediates of their own, which the gather must free.
        using var source = Open(inputs, targets, scale: 0.25f, transform: x => (x - 1).flatten(1));
        var (warmX, warmY) = source.Gather([0]); // whatever a first gather allocates for good is not a leak
        warmX.Dispose();
        warmY.Dispose();

        var before = LiveTensors.Settled();
        for (var round = 0; round < 5; round++)
        {
            var (x, y) = source.Gather([round, 19, 2]);
            Assert.Equal(before + 2, LiveTensors.Settled());
            x.Dispose();
            y.Dispose();
        }
        Assert.Equal(before, LiveTensors.Settled());
    }

    [Fact]
    public void Gather_InsideACallersScope_ResultBelongsToThatScope()
    {
        using var dir = new TempDir();
        var (inputs, targets) = Write(dir, "set", 4);
        using var source = Open(inputs, targets);
        var before = LiveTensors.Settled();

        using (NewDisposeScope())
            _ = source.Gather([1, 2]);

        Assert.Equal(before, LiveTensors.Settled());
    }

    [Fact]
    public void Fingerprint_OneByteDiffers_Differs()
    {
        using var dir = new TempDir();
        var (inputs, targets) = Write(dir, "set", 6);
        var changed = dir.File("changed-" + Path.GetFileName(inputs));
        var bytes = File.ReadAllBytes(inputs);
        bytes[^1] ^= 0x01; // the last value's lowest byte: still a valid file of the same shape
        File.WriteAllBytes(changed, bytes);

        using var original = Open(inputs, targets);
        using var other = Open(changed, targets);

        var fingerprint = original.Fingerprint;
        Assert.False(string.IsNullOrEmpty(fingerprint));
        Assert.Matches("sha256 [0-9a-f]{64}", fingerprint);
        Assert.NotEqual(fingerprint, other.Fingerprint);
    }

    [Fact]
    public void Fingerprint_SameFilesInAnotherFolder_IsEqual()
    {
        using var dir = new TempDir();
        using var elsewhere = new TempDir();
        var (inputs, targets) = Write(dir, "set", 6);
        var (copyInputs, copyTargets) = (elsewhere.File("x-copy"), elsewhere.File("y-copy"));
        File.Copy(inputs, copyInputs);
        File.Copy(targets, copyTargets);

        using var original = Open(inputs, targets);
        using var copy = Open(copyInputs, copyTargets);

        Assert.Equal(original.Fingerprint, copy.Fingerprint);
    }

    [Fact]
    public void Constructor_InputsAndTargetsOfDifferentLengths_NamesBothFilesAndCounts()
    {
        using var dir = new TempDir();
        var (inputs, _) = Write(dir, "five", 5);
        var (_, targets) = Write(dir, "four", 4);

        var e = Assert.Throws<InvalidDataException>(() => Open(inputs, targets));
        Assert.Contains($"{inputs} hold 5 samples", e.Message);
        Assert.Contains($"{targets} hold 4", e.Message);
    }

    [Fact]
    public void Constructor_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        using var dir = new TempDir();
        var (inputs, _) = Write(dir, "set", 3);
        var missing = dir.File("no-such-targets");

        var e = Assert.Throws<FileNotFoundException>(() => Open(inputs, missing));
        Assert.Equal(missing, e.FileName);
        Assert.Contains(missing, e.Message);
    }

    /// <summary>
    /// Writes a good pair of <paramref name="count"/> samples, lets <paramref name="damage"/> spoil
    /// them (it gets the inputs' and the targets' paths), and returns the message the constructor
    /// refuses them with, the paths written as INPUTS and TARGETS so that a test can say which file it named.
    /// </summary>
    private protected string Refusal(int count, Action<string, string> damage)
    {
        using var dir = new TempDir();
        var (inputs, targets) = Write(dir, "set", count);
        damage(inputs, targets);
        var e = Assert.Throws<InvalidDataException>(() => Open(inputs, targets).Dispose());
        return e.Message.Replace(inputs, "INPUTS").Replace(targets, "TARGETS");
    }

    /// <summary>Overwrites the byte at <paramref name="offset"/> of <paramref name="path"/> (a header field, to spoil it).</summary>
    private protected static void Poke(string path, int offset, byte value)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] = value;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The contract's input values for <paramref name="indices"/>, row after row, through <paramref name="f"/>.</summary>
    private static float[] Expected(long[] indices, Func<float, float> f) =>
        indices.SelectMany(i => Enumerable.Range(0, RowValues).Select(k => f(i * RowValues + k))).ToArray();
}

using Trainer.Shared.Data;

namespace Trainer.Serialization.Tests;

/// <summary>
/// IdxBatchSource against IDX files written byte by byte (raw and gzip, every type code) and
/// against Debian's Fashion-MNIST: values read back equal, faults refused by file and name.
/// </summary>
[Collection(NativeState.Name)]
public class IdxBatchSourceTests : BatchSourceContract<IdxBatchSource>
{
    /// <summary>Raw files: the contract flips a byte of the data, which a gzip file would not survive.</summary>
    private protected override (string Inputs, string Targets) Write(TempDir dir, string name, int count)
    {
        var (x, y) = (dir.File($"{name}-images-idx3-float"), dir.File($"{name}-labels-idx1-ubyte"));
        IdxFiles.Write(x, IdxFiles.Float, [count, 2, 3], Enumerable.Range(0, count * RowValues).Select(v => (double)v).ToArray());
        IdxFiles.Write(y, IdxFiles.UnsignedByte, [count], Enumerable.Range(0, count).Select(i => (double)(i % 10)).ToArray());
        return (x, y);
    }

    protected override IdxBatchSource Open(string inputs, string targets, float scale = 1f, Func<Tensor, Tensor>? transform = null) =>
        new(inputs, targets, scale, transform);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gather_UbyteImagesRawOrGzip_ReturnsScaledFloat32AndInt64Labels(bool gzip)
    {
        using var dir = new TempDir();
        var (x, y) = (dir.File("images"), dir.File("labels"));
        IdxFiles.Write(x, IdxFiles.UnsignedByte, [3, 2, 2], [0, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9, 128], gzip);
        IdxFiles.Write(y, IdxFiles.UnsignedByte, [3], [7, 0, 9], gzip);
        using var source = new IdxBatchSource(x, y, scale: 1 / 255f);

        var (images, labels) = source.Gather([2, 0]);
        using (images)
        using (labels)
        {
            Assert.Equal(new long[] { 2, 2, 2 }, images.shape);
            Assert.Equal(new[] { 7, 8, 9, 128, 0, 255, 1, 2 }.Select(v => v * (1 / 255f)), images.data<float>().ToArray());
            Assert.Equal(ScalarType.Int64, labels.dtype);
            Assert.Equal(new long[] { 9, 7 }, labels.data<long>().ToArray());
        }
    }

    [Theory]
    [InlineData(IdxFiles.UnsignedByte, new double[] { 0, 7, 200, 255 })]
    [InlineData(IdxFiles.SignedByte, new double[] { -128, -3, 0, 127 })]
    [InlineData(IdxFiles.Short, new double[] { -30000, -1, 300, 32767 })]
    [InlineData(IdxFiles.Int, new double[] { -16777216, -1, 70000, 16777215 })]
    [InlineData(IdxFiles.Float, new double[] { -1.5, 0, 3.25, 1e6 })]
    [InlineData(IdxFiles.Double, new double[] { -2.5, 0.125, 1e-3, 7e10 })]
    public void Gather_EveryTypeCode_ReadsTheBigEndianValues(byte typeCode, double[] values)
    {
        using var dir = new TempDir();
        var path = dir.File("values.gz");
        IdxFiles.Write(path, typeCode, [values.Length], values, gzip: true);
        using var source = new IdxBatchSource(path, path); // the same values as inputs and as targets

        var (x, y) = source.Gather([3, 2, 1, 0]);
        using (x)
        using (y)
        {
            var reversed = values.Reverse().ToArray();
            Assert.Equal(reversed.Select(v => (float)v), x.data<float>().ToArray());
            if (typeCode is IdxFiles.Float or IdxFiles.Double)
                Assert.Equal(reversed.Select(v => (float)v), y.data<float>().ToArray());
            else
                Assert.Equal(reversed.Select(v => (long)v), y.data<long>().ToArray());
        }
    }

    [Fact]
    public void Gather_FashionMnistTestSplit_MatchesFashionMnistAndFeedsCrossEntropyLoss()
    {
        var root = FashionMNIST.DefaultRoot;
        using var fashion = new FashionMNIST(root, train: false);
        using var source = new IdxBatchSource(
            Path.Combine(root, "t10k-images-idx3-ubyte.gz"), Path.Combine(root, "t10k-labels-idx1-ubyte.gz"),
            scale: 1 / 255f, transform: x => x.unsqueeze(1));
        Assert.Equal(fashion.Count, source.Count);

        long[] indices = [0, 1234, 9999];
        using var scope = NewDisposeScope(); // frees the batch and every comparison's tensors
        var (x, y) = source.Gather(indices);
        var index = tensor(indices);
        Assert.Equal(new long[] { 3, 1, 28, 28 }, x.shape);
        // FashionMNIST divides by 255 where the source multiplies by 1/255f: equal within a rounding.
        Assert.True(x.allclose(fashion.images.index_select(0, index), rtol: 0, atol: 1e-7));
        Assert.Equal(fashion.targets.index_select(0, index).data<long>().ToArray(), y.data<long>().ToArray());
        // What a classifier's loop does with the batch: ten equal logits give a loss of ln 10.
        using var loss = nn.CrossEntropyLoss();
        Assert.Equal(Math.Log(10), loss.call(zeros(3, 10), y).item<float>(), 5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Constructor_TruncatedData_NamesFileAndSaysTruncated(bool gzip)
    {
        var message = Refusal(4, (x, _) => IdxFiles.Write(x, File.ReadAllBytes(x)[..^5], gzip));
        Assert.Equal("INPUTS is truncated: its data needs 96 bytes, only 91 follow", message);
    }

    [Fact]
    public void Constructor_GzipCutShort_NamesFileAndSaysTruncated()
    {
        var message = Refusal(40, (x, _) =>
        {
            IdxFiles.Write(x, File.ReadAllBytes(x), gzip: true);
            File.WriteAllBytes(x, File.ReadAllBytes(x)[..^100]);
        });
        Assert.Matches("^INPUTS is truncated: its data needs 960 bytes, only [0-9]+ follow$", message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Constructor_MoreDataThanTheHeaderSays_SaysTheyDisagree(bool gzip)
    {
        var message = Refusal(4, (_, y) => IdxFiles.Write(y, [.. File.ReadAllBytes(y), 3], gzip));
        Assert.Equal("TARGETS holds more data than its header's shape [4] of unsigned bytes needs (4 bytes): the header and the data disagree", message);
    }

    [Fact]
    public void Constructor_UnknownTypeCode_NamesItAndTheSupportedOnes()
    {
        var message = Refusal(4, (_, y) => Poke(y, 2, 0x0A));
        Assert.Equal("TARGETS has IDX type code 0x0A; supported: 0x08 (unsigned byte), 0x09 (signed byte), 0x0B (short), 0x0C (int), 0x0D (float), 0x0E (double)", message);
    }

    [Fact]
    public void Constructor_NotAnIdxFile_SaysSo()
    {
        var message = Refusal(4, (x, _) => File.WriteAllText(x, "P5\n28 28\n255\n"));
        Assert.Equal("INPUTS is not an IDX file: it starts with 50350A32, not two zero bytes, a type code and a dimension count", message);
    }

    [Fact]
    public void Constructor_CorruptGzip_SaysNotAValidGzipFile()
    {
        var message = Refusal(4, (_, y) =>
        {
            var bytes = new byte[64];
            new Random(3).NextBytes(bytes);
            (bytes[0], bytes[1], bytes[2]) = (0x1F, 0x8B, 8); // the gzip magic and deflate, then noise
            File.WriteAllBytes(y, bytes);
        });
        Assert.StartsWith("TARGETS is not a valid gzip file: ", message);
    }

    [Fact]
    public void Constructor_ZeroDimensions_SaysItNeedsASampleDimension()
    {
        var message = Refusal(4, (x, _) => File.WriteAllBytes(x, [0, 0, IdxFiles.Float, 0]));
        Assert.Equal("INPUTS declares 0 dimensions; a data set needs a first (sample) dimension", message);
    }
}

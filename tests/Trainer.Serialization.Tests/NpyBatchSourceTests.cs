namespace Trainer.Serialization.Tests;

/// <summary>
/// NpyBatchSource against files the real numpy wrote: the three dtypes and three format versions
/// read back equal, and every file it cannot map row by row is refused by name and fault.
/// </summary>
[Collection(NativeState.Name)]
public class NpyBatchSourceTests : BatchSourceContract<NpyBatchSource>
{
    private protected override (string Inputs, string Targets) Write(TempDir dir, string name, int count)
    {
        var (x, y) = (dir.File($"{name}-x.npy"), dir.File($"{name}-y.npy"));
        NpyFiles.Save(
            (x, $"np.arange({count * RowValues}, dtype=np.float32).reshape({count}, 2, 3)"),
            (y, $"np.arange({count}, dtype=np.int64) % 10"));
        return (x, y);
    }

    protected override NpyBatchSource Open(string inputs, string targets, float scale = 1f, Func<Tensor, Tensor>? transform = null) =>
        new(inputs, targets, scale, transform);

    [Fact]
    public void Gather_Uint8ImagesAndLabels_ReturnsScaledFloat32AndInt64()
    {
        using var dir = new TempDir();
        var (x, y) = (dir.File("images.npy"), dir.File("labels.npy"));
        NpyFiles.Save(
            (x, "(np.arange(3 * 4 * 4) * 17 % 256).astype(np.uint8).reshape(3, 4, 4)"),
            (y, "np.array([9, 0, 255], dtype=np.uint8)"));
        using var source = new NpyBatchSource(x, y, scale: 1 / 255f);

        var (images, labels) = source.Gather([2, 0]);
        using (images)
        using (labels)
        {
            Assert.Equal(new long[] { 2, 4, 4 }, images.shape);
            var expected = new[] { 2, 0 }.SelectMany(i => Enumerable.Range(i * 16, 16).Select(v => v * 17 % 256 * (1 / 255f)));
            Assert.Equal(expected, images.data<float>().ToArray());
            Assert.Equal(ScalarType.Int64, labels.dtype);
            Assert.Equal(new long[] { 255, 9 }, labels.data<long>().ToArray());
        }
    }

    [Fact]
    public void Gather_Float32Targets_ReturnsFloat32()
    {
        using var dir = new TempDir();
        var (x, y) = (dir.File("x.npy"), dir.File("y.npy"));
        NpyFiles.Save((x, "np.zeros((3, 2), dtype=np.float32)"), (y, "np.array([[0.5], [-1.25], [3e8]], dtype=np.float32)"));
        using var source = new NpyBatchSource(x, y);

        var (_, targets) = source.Gather([1, 2]);
        using (targets)
        {
            Assert.Equal(ScalarType.Float32, targets.dtype);
            Assert.Equal(new long[] { 2, 1 }, targets.shape);
            Assert.Equal(new[] { -1.25f, 3e8f }, targets.data<float>().ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Gather_EveryFormatVersion_ReadsTheSameValues(int version)
    {
        using var dir = new TempDir();
        var (x, y) = (dir.File("x.npy"), dir.File("y.npy"));
        NpyFiles.Write(x, "np.arange(24, dtype=np.float32).reshape(4, 6) - 5", version);
        NpyFiles.Write(y, "np.array([3, -2, 1 << 40, 0], dtype=np.int64)", version);
        Assert.Equal(version, File.ReadAllBytes(x)[6]);
        using var source = new NpyBatchSource(x, y);

        var (inputs, targets) = source.Gather([3, 1, 2]);
        using (inputs)
        using (targets)
        {
            Assert.Equal(new[] { 3, 1, 2 }.SelectMany(i => Enumerable.Range(i * 6, 6).Select(v => v - 5f)), inputs.data<float>().ToArray());
            Assert.Equal(new[] { 0L, -2, 1L << 40 }, targets.data<long>().ToArray());
        }
    }

    [Fact]
    public void Constructor_TruncatedData_NamesFileAndSaysTruncated()
    {
        var message = Refusal(4, (x, _) => File.WriteAllBytes(x, File.ReadAllBytes(x)[..^10]));
        Assert.Equal("INPUTS is truncated: its header's shape (4, 2, 3) of '<f4' needs 96 bytes of data after the 128-byte header, the file holds 86", message);
    }

    [Fact]
    public void Constructor_MoreDataThanTheShape_SaysTheShapeContradictsTheFile()
    {
        var message = Refusal(4, (_, y) => File.AppendAllText(y, "1234567"));
        Assert.Equal("TARGETS holds 39 bytes of data after its 128-byte header, but its header's shape (4,) of '<i8' needs 32: the shape contradicts the file", message);
    }

    [Theory]
    [InlineData("np.zeros((3, 2))", "dtype '<f8' (float64")]
    [InlineData("np.zeros((3, 2), dtype='>f4')", "dtype '>f4' (big-endian")]
    [InlineData("np.array([1, 'a', None], dtype=object)", "dtype '|O' (Python objects")]
    [InlineData("np.zeros(3, dtype=np.int32)", "dtype '<i4'")]
    [InlineData("np.zeros(3, dtype=bool)", "dtype '|b1'")]
    [InlineData("np.zeros(3, dtype=[('a', '<f4'), ('b', '<i8')])", "a structured dtype ([['a', '<f4'], ['b', '<i8']])")]
    public void Constructor_AnotherDtype_NamesItAndTheSupportedOnes(string array, string found)
    {
        var message = Refusal(3, (x, _) => NpyFiles.Save((x, array)));
        Assert.StartsWith($"INPUTS holds {found}", message);
        Assert.EndsWith("; supported: '<f4' (float32), '|u1' (uint8), '<i8' (int64)", message);
    }

    [Fact]
    public void Constructor_FortranOrder_NamesFileAndSaysFortranOrder()
    {
        var message = Refusal(3, (x, _) => NpyFiles.Save((x, "np.asfortranarray(np.arange(6, dtype=np.float32).reshape(3, 2))")));
        Assert.StartsWith("INPUTS is in Fortran order (fortran_order True); only C-order arrays are read", message);
    }

    [Theory]
    [InlineData("'descr'", "'descX'", "it has no 'descr'")]
    [InlineData("False", "Flase", "expected a value at character")]
    [InlineData("(3,)", "'3,'", "'shape' is not a tuple of non-negative integers")]
    [InlineData("{", "[", "expected ','")]
    [InlineData("}", ")", "expected a string key at character")]
    public void Constructor_MalformedHeader_NamesFileAndFault(string replaced, string by, string fault)
    {
        var message = Refusal(3, (_, y) =>
        {
            var bytes = File.ReadAllBytes(y);
            var at = System.Text.Encoding.Latin1.GetString(bytes).IndexOf(replaced, 10, StringComparison.Ordinal);
            System.Text.Encoding.Latin1.GetBytes(by).CopyTo(bytes, at); // the same length: the header's length field stays true
            File.WriteAllBytes(y, bytes);
        });
        Assert.StartsWith("TARGETS has a malformed .npy header: ", message);
        Assert.Contains(fault, message);
    }

    [Fact]
    public void Constructor_NotANpyFile_SaysSo()
    {
        var message = Refusal(3, (x, _) => File.WriteAllText(x, "a,b,c\n1,2,3\n"));
        Assert.Equal("INPUTS is not a .npy file: it does not start with \\x93NUMPY", message);
    }

    [Fact]
    public void Constructor_UnknownFormatVersion_NamesItAndTheSupportedOnes()
    {
        var message = Refusal(3, (x, _) => Poke(x, 6, 4)); // the major version
        Assert.Equal("INPUTS has .npy format version 4.0; supported: 1.0, 2.0, 3.0", message);
    }

    [Fact]
    public void Constructor_TruncatedHeader_NamesFileAndSaysTruncated()
    {
        var message = Refusal(3, (x, _) => File.WriteAllBytes(x, File.ReadAllBytes(x)[..40]));
        Assert.Equal("INPUTS is truncated: its header needs 118 bytes, only 30 follow", message);
    }

    [Fact]
    public void Constructor_ZeroDimensionalArray_SaysItNeedsASampleDimension()
    {
        var message = Refusal(3, (x, _) => NpyFiles.Save((x, "np.float32(3)")));
        Assert.Equal("INPUTS holds a 0-d array (shape ()); a data set needs a first (sample) dimension", message);
    }

    [Fact]
    public void Constructor_MapsBothFilesAndDisposeUnmapsThem()
    {
        using var dir = new TempDir();
        var (x, y) = Write(dir, "set", 3);
        var source = new NpyBatchSource(x, y);
        var mapped = File.ReadAllText("/proc/self/maps");
        source.Dispose();
        var after = File.ReadAllText("/proc/self/maps");

        Assert.Contains(x, mapped);
        Assert.Contains(y, mapped);
        Assert.DoesNotContain(x, after);
        Assert.DoesNotContain(y, after);
    }

    [Fact]
    public void Gather_AfterDispose_ThrowsObjectDisposed()
    {
        using var dir = new TempDir();
        var (x, y) = Write(dir, "set", 3);
        var source = new NpyBatchSource(x, y);
        source.Dispose();

        Assert.Throws<ObjectDisposedException>(() => source.Gather([0]));
    }
}

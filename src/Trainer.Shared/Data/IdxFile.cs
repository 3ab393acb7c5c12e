using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Trainer.Shared.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Trainer.Shared.Data;

/// <summary>
/// Reads the IDX files MNIST-style data sets ship as, gzip-compressed or raw (told apart by the
/// gzip magic, not the name, since both are found renamed): a big-endian header (two zero bytes,
/// a type code, the number of dimensions, then each size as a 32-bit integer) and the values,
/// big-endian too. The values go straight into one tensor of the type code's dtype, turned to
/// the host's byte order, so that a file is decompressed once and never held twice.
/// </summary>
internal static class IdxFile
{
    /// <summary>The type codes IDX defines: the dtype each is read as, its size, its name in messages.</summary>
    private static readonly Dictionary<byte, (ScalarType Type, int Size, string Name)> Types = new()
    {
        [0x08] = (ScalarType.Byte, 1, "unsigned byte"),
        [0x09] = (ScalarType.Int8, 1, "signed byte"),
        [0x0B] = (ScalarType.Int16, 2, "short"),
        [0x0C] = (ScalarType.Int32, 4, "int"),
        [0x0D] = (ScalarType.Float32, 4, "float"),
        [0x0E] = (ScalarType.Float64, 8, "double"),
    };

    private static string Supported => string.Join(", ", Types.Select(t => $"0x{t.Key:X2} ({t.Value.Name})"));

    /// <summary>
    /// The array in <paramref name="path"/> as a new CPU tensor (in the caller's dispose scope, if
    /// any) shaped as the header says. Every fault — missing, not IDX, unknown type code, truncated,
    /// longer than the header says, broken gzip — is an exception whose message starts with the path.
    /// </summary>
    internal static Tensor Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file {path} not found", path);
        try
        {
            using var file = File.OpenRead(path);
            using var stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            var head = new byte[4];
            ReadExactly(stream, head, path, "header");
            if (head[0] != 0 || head[1] != 0)
                throw new InvalidDataException($"{path} is not an IDX file: it starts with {Convert.ToHexString(head)}, not two zero bytes, a type code and a dimension count");
            if (!Types.TryGetValue(head[2], out var type))
                throw new InvalidDataException($"{path} has IDX type code 0x{head[2]:X2}; supported: {Supported}");
            if (head[3] == 0)
                throw new InvalidDataException($"{path} declares 0 dimensions; a data set needs a first (sample) dimension");
            var shape = ReadShape(stream, head[3], path);
            long bytes = type.Size;
            foreach (var size in shape) // each size is below 2^31, so the product cannot overflow before the check
                if ((bytes *= size) > Array.MaxLength)
                    throw new InvalidDataException($"{path} declares a shape [{string.Join(", ", shape)}] of more bytes than this reader holds in memory ({Array.MaxLength})");
            var result = empty(shape, type.Type);
            try
            {
                var data = result.Bytes();
                ReadExactly(stream, data, path, "data");
                if (stream.ReadByte() >= 0)
                    throw new InvalidDataException($"{path} holds more data than its header's shape [{string.Join(", ", shape)}] of {type.Name}s needs ({bytes} bytes): the header and the data disagree");
                ToHostOrder(data, type.Size);
                return result;
            }
            catch
            {
                result.Dispose();
                throw;
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            // GZipStream's own message does not say which file was broken.
            throw new InvalidDataException($"{path} is not a valid gzip file: {e.Message}", e);
        }
    }

    /// <summary>
    /// <see cref="Read(string)"/> for a reader that knows what it wants (Fashion-MNIST's pixels and
    /// labels are unsigned bytes of a known rank): anything else is refused by name.
    /// </summary>
    internal static Tensor Read(string path, ScalarType expectedType, int expectedDims)
    {
        var result = Read(path);
        if (result.dtype == expectedType && result.dim() == expectedDims) return result;
        var found = $"{result.dim()}-d {result.dtype}";
        result.Dispose();
        throw new InvalidDataException($"{path} is not an IDX file of {expectedDims}-d {expectedType} (it holds {found})");
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var isGzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
        file.Position = 0;
        return isGzip;
    }

    private static long[] ReadShape(Stream stream, int dims, string path)
    {
        var sizes = new byte[4 * dims];
        ReadExactly(stream, sizes, path, "dimensions");
        var shape = new long[dims];
        for (var i = 0; i < dims; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * i));
            if (shape[i] <= 0) throw new InvalidDataException($"{path} declares a dimension of size {shape[i]}");
        }
        return shape;
    }

    /// <summary>IDX is big-endian; a tensor holds the host's order (little-endian on every machine we run on).</summary>
    private static void ToHostOrder(Span<byte> data, int size)
    {
        if (!BitConverter.IsLittleEndian) return;
        switch (size)
        {
            case 2:
                var shorts = MemoryMarshal.Cast<byte, short>(data);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                var ints = MemoryMarshal.Cast<byte, int>(data);
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 8:
                var longs = MemoryMarshal.Cast<byte, long>(data);
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
        }
    }

    private static void ReadExactly(Stream s, Span<byte> buffer, string path, string what)
    {
        var read = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
            throw new InvalidDataException($"{path} is truncated: its {what} needs {buffer.Length} bytes, only {read} follow");
    }
}

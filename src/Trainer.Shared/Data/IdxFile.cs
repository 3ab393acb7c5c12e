using System.Buffers.Binary;
using System.IO.Compression;

namespace Trainer.Shared.Data;

/// <summary>
/// Reads the gzip-compressed IDX files MNIST-style data sets ship as: a big-endian header
/// (two zero bytes, a type code, the number of dimensions, then each size) and raw bytes.
/// </summary>
internal static class IdxFile
{
    private const byte UnsignedByte = 0x08;

    /// <summary>The dimensions and the unsigned-byte payload of <paramref name="path"/>.</summary>
    internal static (long[] Shape, byte[] Data) Read(string path, int expectedDims)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            var head = new byte[4];
            ReadExactly(gz, head, path, "header");
            if (head[0] != 0 || head[1] != 0 || head[2] != UnsignedByte || head[3] != expectedDims)
                throw new InvalidDataException($"{path} is not an IDX file of {expectedDims}-d unsigned bytes (header {Convert.ToHexString(head)})");
            var dims = new byte[4 * expectedDims];
            ReadExactly(gz, dims, path, "dimensions");
            var shape = new long[expectedDims];
            long count = 1;
            for (var i = 0; i < expectedDims; i++)
            {
                shape[i] = BinaryPrimitives.ReadInt32BigEndian(dims.AsSpan(4 * i));
                if (shape[i] <= 0) throw new InvalidDataException($"{path} declares a dimension of size {shape[i]}");
                count *= shape[i];
            }
            if (count > Array.MaxLength) throw new InvalidDataException($"{path} declares {count} bytes, too many for one array");
            var data = new byte[count];
            ReadExactly(gz, data, path, "data");
            return (shape, data);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            // GZipStream's own message does not say which file was broken.
            throw new InvalidDataException($"{path} is not a valid gzip file: {e.Message}", e);
        }
    }

    private static void ReadExactly(Stream s, byte[] buffer, string path, string what)
    {
        var read = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
            throw new InvalidDataException($"{path} is truncated: its {what} needs {buffer.Length} bytes, the file holds {read}");
    }
}

using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Trainer.Coordinator.Telemetry;

/// <summary>
/// TFRecord framing, as TensorBoard's event files use it: per record a little-endian uint64
/// length, the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data.
/// </summary>
internal static class TfRecord
{
    /// <summary>Length and its CRC before the data, the data's CRC after it.</summary>
    public const int HeaderBytes = 12, FooterBytes = 4;

    public static void Write(Stream stream, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc(header[..8]));
        Span<byte> footer = stackalloc byte[FooterBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc(data));
        stream.Write(header);
        stream.Write(data);
        stream.Write(footer);
    }

    /// <summary>
    /// TensorFlow's mask of a CRC (rotated right by 15 bits, plus a constant): a CRC of data that
    /// itself holds CRCs is then no weaker than one of other data.
    /// </summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    /// <summary>CRC-32C (Castagnoli), 8 bytes at a time on the CPU's crc32 instruction where it has one.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var w in words) crc = BitOperations.Crc32C(crc, BitConverter.IsLittleEndian ? w : BinaryPrimitives.ReverseEndianness(w));
        foreach (var b in data[(words.Length * 8)..]) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}

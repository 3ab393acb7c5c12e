using System.Buffers.Binary;
using System.IO.Compression;

namespace Trainer.Serialization.Tests;

/// <summary>IDX files written byte by byte as the format defines them (big-endian header and values), raw or gzip-compressed.</summary>
internal static class IdxFiles
{
    internal const byte UnsignedByte = 0x08, SignedByte = 0x09, Short = 0x0B, Int = 0x0C, Float = 0x0D, Double = 0x0E;

    /// <summary>The file's bytes: header for <paramref name="shape"/>, then each value big-endian in the type code's size.</summary>
    internal static byte[] Bytes(byte typeCode, int[] shape, IReadOnlyList<double> values)
    {
        var size = typeCode switch { UnsignedByte or SignedByte => 1, Short => 2, Int or Float => 4, Double => 8, _ => 1 };
        var bytes = new byte[4 + 4 * shape.Length + size * values.Count];
        bytes[2] = typeCode;
        bytes[3] = (byte)shape.Length;
        for (var i = 0; i < shape.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), shape[i]);
        var data = bytes.AsSpan(4 + 4 * shape.Length);
        for (var i = 0; i < values.Count; i++)
        {
            var at = data[(i * size)..];
            var v = values[i];
            switch (typeCode)
            {
                case UnsignedByte: at[0] = (byte)v; break;
                case SignedByte: at[0] = (byte)(sbyte)v; break;
                case Short: BinaryPrimitives.WriteInt16BigEndian(at, (short)v); break;
                case Int: BinaryPrimitives.WriteInt32BigEndian(at, (int)v); break;
                case Float: BinaryPrimitives.WriteSingleBigEndian(at, (float)v); break;
                case Double: BinaryPrimitives.WriteDoubleBigEndian(at, v); break;
                default: at[0] = (byte)v; break;
            }
        }
        return bytes;
    }

    /// <summary>Writes <paramref name="bytes"/> as they are, or gzip-compressed.</summary>
    internal static void Write(string path, byte[] bytes, bool gzip)
    {
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(bytes);
    }

    internal static void Write(string path, byte typeCode, int[] shape, IReadOnlyList<double> values, bool gzip = false) =>
        Write(path, Bytes(typeCode, shape, values), gzip);
}

using System.Buffers.Binary;
using System.Text;

namespace Trainer.Torch.Serialization;

/// <summary>
/// Writes the zip container of a torch.save file the way PyTorch's writer does: every record
/// stored (uncompressed) under "ARCHIVE/", and each record's data starting on a 64-byte
/// boundary (padding goes in the local header's extra field), so a reader could map tensor
/// data in place. Sizes above 4 GiB (zip64) are refused with a clear error.
/// </summary>
internal sealed class ZipRecordWriter
{
    private const int Alignment = 64;
    private const ushort PaddingTag = 0x4246; // "FB", the tag PyTorch uses for its padding field

    private readonly Stream output;
    private readonly string archive;
    private readonly List<(byte[] Name, uint Crc, uint Size, uint Offset)> entries = new();

    internal ZipRecordWriter(Stream output, string archive)
    {
        this.output = output;
        this.archive = archive;
    }

    /// <summary>Bytes written so far; zip offsets count from the archive's first byte.</summary>
    private long Position => written;
    private long written;

    internal void Write(string record, ReadOnlySpan<byte> data)
    {
        var name = Encoding.UTF8.GetBytes($"{archive}/{record}");
        var offset = Position;
        if (offset + data.Length + 1024 > uint.MaxValue)
            throw new NotSupportedException($"torch.save: the archive would exceed 4 GiB at record '{record}' (zip64 is not supported)");
        var crc = Crc32.Compute(data);

        var unpadded = offset + 30 + name.Length;
        var pad = (int)((Alignment - unpadded % Alignment) % Alignment);
        if (pad is > 0 and < 4) pad += Alignment; // the extra field needs 4 bytes for its own header

        Span<byte> header = stackalloc byte[30];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 20);     // version needed
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 0);      // flags
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], 0);      // method: stored
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0);     // time
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], 0x21);  // date: 1980-01-01
        BinaryPrimitives.WriteUInt32LittleEndian(header[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header[18..], (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], (uint)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)pad);
        Emit(header);
        Emit(name);
        if (pad > 0)
        {
            var extra = new byte[pad];
            BinaryPrimitives.WriteUInt16LittleEndian(extra, PaddingTag);
            BinaryPrimitives.WriteUInt16LittleEndian(extra.AsSpan(2), (ushort)(pad - 4));
            Emit(extra);
        }
        Emit(data);
        entries.Add((name, crc, (uint)data.Length, (uint)offset));
    }

    /// <summary>Writes the central directory and the end record; the archive is complete after this.</summary>
    internal void Finish()
    {
        var directoryStart = Position;
        Span<byte> h = stackalloc byte[46];
        foreach (var (name, crc, size, offset) in entries)
        {
            h.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(h, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 20);      // version made by
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 20);      // version needed
            BinaryPrimitives.WriteUInt16LittleEndian(h[8..], 0);
            BinaryPrimitives.WriteUInt16LittleEndian(h[10..], 0);
            BinaryPrimitives.WriteUInt16LittleEndian(h[12..], 0);
            BinaryPrimitives.WriteUInt16LittleEndian(h[14..], 0x21);
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(h[20..], size);
            BinaryPrimitives.WriteUInt32LittleEndian(h[24..], size);
            BinaryPrimitives.WriteUInt16LittleEndian(h[28..], (ushort)name.Length);
            // extra, comment, disk, internal attrs: 0
            BinaryPrimitives.WriteUInt32LittleEndian(h[38..], 0);      // external attrs
            BinaryPrimitives.WriteUInt32LittleEndian(h[42..], offset);
            Emit(h);
            Emit(name);
        }
        var directorySize = Position - directoryStart;
        if (entries.Count > ushort.MaxValue || Position > uint.MaxValue)
            throw new NotSupportedException("torch.save: too many records or too large an archive (zip64 is not supported)");
        Span<byte> end = stackalloc byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)directoryStart);
        Emit(end);
        output.Flush();
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        written += bytes.Length;
    }
}

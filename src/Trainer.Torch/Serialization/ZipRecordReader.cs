using System.IO.Compression;

namespace Trainer.Torch.Serialization;

/// <summary>
/// The records of a torch.save archive ("ARCHIVE/data.pkl", "ARCHIVE/data/KEY", ...), read
/// through .NET's zip reader (which handles zip64 and compressed entries) with every failure
/// turned into a <see cref="TorchLoadException"/> naming the source, and every record's
/// CRC checked so that corrupt tensor bytes are caught rather than loaded.
/// </summary>
internal sealed class ZipRecordReader : IDisposable
{
    private readonly ZipArchive zip;
    private readonly string source;
    private readonly Dictionary<string, ZipArchiveEntry> records = new();

    /// <summary>The archive's top folder, e.g. "model" for model.pt; PyTorch accepts any name.</summary>
    internal string Archive { get; }

    internal ZipRecordReader(Stream input, string source)
    {
        this.source = source;
        CheckSignature(input, source);
        try { zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e) { throw new TorchLoadException($"{source}: not a valid zip archive ({e.Message}); the file may be truncated or corrupt", e); }
        catch (EndOfStreamException e) { throw new TorchLoadException($"{source}: the zip archive is truncated", e); }

        string? archive = null;
        foreach (var entry in zip.Entries)
        {
            var slash = entry.FullName.IndexOf('/');
            if (slash <= 0) continue;
            var folder = entry.FullName[..slash];
            if (entry.FullName == $"{folder}/data.pkl") archive ??= folder;
            records[entry.FullName] = entry;
        }
        if (archive is null)
        {
            zip.Dispose();
            throw new TorchLoadException($"{source}: the zip archive has no ARCHIVE/data.pkl record, so it is not a torch.save file");
        }
        Archive = archive;
    }

    internal bool Has(string record) => records.ContainsKey($"{Archive}/{record}");

    /// <summary>The bytes of ARCHIVE/<paramref name="record"/>, checked against its CRC.</summary>
    internal byte[] Read(string record)
    {
        if (!records.TryGetValue($"{Archive}/{record}", out var entry))
            throw new TorchLoadException($"{source}: record '{Archive}/{record}' is missing");
        if (entry.Length > Array.MaxLength)
            throw new TorchLoadException($"{source}: record '{record}' holds {entry.Length} bytes, more than one array can");
        var bytes = new byte[entry.Length];
        try
        {
            using var s = entry.Open();
            s.ReadExactly(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new TorchLoadException($"{source}: record '{record}' cannot be read ({e.Message}); the file is truncated or corrupt", e);
        }
        if (Crc32.Compute(bytes) != entry.Crc32)
            throw new TorchLoadException($"{source}: record '{record}' is corrupt (its CRC-32 does not match its bytes)");
        return bytes;
    }

    /// <summary>Distinguishes "not a zip at all" (empty file, legacy format) from a damaged zip.</summary>
    private static void CheckSignature(Stream input, string source)
    {
        if (!input.CanSeek) return;
        var at = input.Position;
        Span<byte> head = stackalloc byte[4];
        var n = input.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        input.Position = at;
        if (n == 0) throw new TorchLoadException($"{source}: the file is empty");
        if (n >= 2 && head[0] == 0x80 && head[1] == 0x02)
            throw new TorchLoadException($"{source}: a legacy (pre-1.6, non-zip) torch.save file; re-save it with a current PyTorch");
        if (n < 4 || head[0] != (byte)'P' || head[1] != (byte)'K')
            throw new TorchLoadException($"{source}: not a zip archive (torch.save files are zip archives starting with 'PK')");
    }

    public void Dispose() => zip.Dispose();
}

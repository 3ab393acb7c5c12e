using System.IO.Compression;

namespace Trainer.Shared.Serialization;

/// <summary>
/// The records of a torch.save zip ("ARCHIVE/data.pkl", "ARCHIVE/data/KEY", ...) through .NET's
/// zip reader, which reads only the central directory at the end of the file: so opening is
/// cheap for any size, and a truncated file, whose central directory is gone, fails here.
/// Every failure becomes a <see cref="TorchFileException"/> saying what is wrong.
/// </summary>
internal sealed class TorchArchive : IDisposable
{
    /// <summary>A state_dict's pickle is kilobytes to a few megabytes; this bounds what a hostile file can make us allocate.</summary>
    private const long MaxPickleBytes = 1L << 30;

    private readonly ZipArchive zip;
    private readonly Dictionary<string, ZipArchiveEntry> records = new();

    /// <summary>The archive's top folder, e.g. "model" for model.pt; PyTorch accepts any name.</summary>
    internal string Name { get; }

    internal TorchArchive(Stream file)
    {
        CheckSignature(file);
        string? name = null;
        ZipArchive? opened = null;
        try
        {
            zip = opened = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            // The central directory is read here, on first use of Entries, so its damage surfaces here too.
            foreach (var entry in zip.Entries)
            {
                var slash = entry.FullName.IndexOf('/');
                if (slash <= 0) continue;
                var folder = entry.FullName[..slash];
                if (entry.FullName == $"{folder}/data.pkl") name ??= folder;
                records[entry.FullName] = entry;
            }
        }
        catch (Exception e) when (IsZipFailure(e))
        {
            opened?.Dispose();
            throw new TorchFileException($"not a readable zip archive ({OneLine(e.Message)}); the file is truncated or corrupt", e);
        }
        if (name is null)
        {
            zip.Dispose();
            throw new TorchFileException("the zip archive has no ARCHIVE/data.pkl record, so it is not a torch.save file");
        }
        Name = name;
    }

    internal bool Has(string record) => records.ContainsKey($"{Name}/{record}");

    /// <summary>The uncompressed size of ARCHIVE/<paramref name="record"/> from the central directory, or null when absent.</summary>
    internal long? Length(string record) => records.TryGetValue($"{Name}/{record}", out var e) ? e.Length : null;

    /// <summary>The bytes of ARCHIVE/<paramref name="record"/>, checked against its CRC.</summary>
    internal byte[] Read(string record)
    {
        var entry = records[$"{Name}/{record}"];
        if (entry.Length > MaxPickleBytes)
            throw new TorchFileException($"record '{entry.FullName}' holds {entry.Length} bytes, more than the {MaxPickleBytes} read");
        var bytes = new byte[entry.Length];
        try
        {
            using var s = entry.Open();
            s.ReadExactly(bytes);
        }
        catch (Exception e) when (IsZipFailure(e))
        {
            throw new TorchFileException($"record '{entry.FullName}' cannot be read ({OneLine(e.Message)}); the file is truncated or corrupt", e);
        }
        if (Crc32.Compute(bytes) != entry.Crc32)
            throw new TorchFileException($"record '{entry.FullName}' is corrupt (its CRC-32 does not match its bytes)");
        return bytes;
    }

    /// <summary>Tells "not a zip at all" (an empty file, the legacy format, random bytes) from a damaged zip.</summary>
    private static void CheckSignature(Stream file)
    {
        Span<byte> head = stackalloc byte[4];
        var n = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        file.Position = 0;
        if (n == 0) throw new TorchFileException("the file is empty");
        if (n >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5)
            throw new TorchFileException("a legacy (pre-1.6, non-zip) torch.save file; re-save it with torch.save in a current PyTorch");
        if (n < 4 || head[0] != (byte)'P' || head[1] != (byte)'K')
            throw new TorchFileException("not a zip archive (torch.save files are zip archives starting with 'PK')");
    }

    /// <summary>
    /// What .NET's zip reader throws for a damaged archive: it documents InvalidDataException,
    /// but crafted headers also surface as IO, range and format errors from inside it.
    /// </summary>
    private static bool IsZipFailure(Exception e) =>
        e is InvalidDataException or IOException or NotSupportedException or ArgumentException or IndexOutOfRangeException or OverflowException or FormatException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim().TrimEnd('.');

    public void Dispose() => zip.Dispose();
}

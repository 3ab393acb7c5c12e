using System.IO.Compression;

namespace Trainer.Serialization.Tests;

/// <summary>Hand-made and edited torch.save zips, for the damage that PyTorch itself never writes.</summary>
internal static class Archives
{
    /// <summary>Writes a zip of stored (uncompressed) records, as torch.save does.</summary>
    internal static void Write(string path, IEnumerable<(string Name, byte[] Bytes)> records)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in records)
        {
            using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            s.Write(bytes);
        }
    }

    /// <summary>A one-record torch.save file whose data.pkl is <paramref name="pickle"/>.</summary>
    internal static void WithPickle(string path, byte[] pickle, params (string Name, byte[] Bytes)[] more) =>
        Write(path, more.Prepend(("archive/data.pkl", pickle)));

    /// <summary>
    /// Copies the zip at <paramref name="from"/> to <paramref name="to"/>, passing every record
    /// through <paramref name="edit"/> (null drops it). The copy's CRCs are fresh, so what is
    /// tested is the edit, not a checksum.
    /// </summary>
    internal static void Rewrite(string from, string to, Func<string, byte[], byte[]?> edit)
    {
        var records = new List<(string, byte[])>();
        using (var zip = ZipFile.OpenRead(from))
            foreach (var e in zip.Entries)
            {
                using var s = e.Open();
                var bytes = new byte[e.Length];
                s.ReadExactly(bytes);
                if (edit(e.FullName, bytes) is { } kept) records.Add((e.FullName, kept));
            }
        Write(to, records);
    }

    /// <summary>Pickle bytes from a readable spelling: protocol 2 header, then the opcodes given as Latin-1 text.</summary>
    internal static byte[] Pickle(string opcodes) => System.Text.Encoding.Latin1.GetBytes("\x80\x02" + opcodes);
}

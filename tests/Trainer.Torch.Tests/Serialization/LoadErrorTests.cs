using System.IO.Compression;
using Trainer.Torch.Serialization;
using static Trainer.Torch.Tests.Serialization.PyTorchPeer;

namespace Trainer.Torch.Tests.Serialization;

/// <summary>
/// Broken or hostile files: each load throws <see cref="TorchLoadException"/> naming the file
/// and the problem, leaves no tensor behind, and the process carries on (a later load works).
/// </summary>
[Collection(NativeState.Name)]
public class LoadErrorTests
{
    private static TorchLoadException AssertLoadFails(string path, string expected)
    {
        var before = Tensor.LiveCount;
        var e = Assert.Throws<TorchLoadException>(() => load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Equal(before, Tensor.LiveCount);
        return e;
    }

    /// <summary>A valid file saved by PyTorch, the starting point of every damaged one.</summary>
    private static string PyTorchFile(TempDir dir)
    {
        var path = dir.File("good.pt");
        Run($"torch.save({{'w': torch.arange(64, dtype=torch.float32), 'b': torch.ones(3)}}, {Py(path)})");
        return path;
    }

    [Fact]
    public void Load_EmptyFile_SaysEmpty()
    {
        using var dir = new TempDir();
        var path = dir.File("empty.pt");
        File.WriteAllBytes(path, Array.Empty<byte>());
        AssertLoadFails(path, "empty");
    }

    [Fact]
    public void Load_NotAZip_SaysNotAZip()
    {
        using var dir = new TempDir();
        var path = dir.File("text.pt");
        File.WriteAllText(path, "this is not a checkpoint\n");
        AssertLoadFails(path, "not a zip archive");
    }

    [Fact]
    public void Load_TruncatedFile_SaysTruncatedOrCorrupt()
    {
        using var dir = new TempDir();
        var good = PyTorchFile(dir);
        var bytes = File.ReadAllBytes(good);
        foreach (var keep in new[] { bytes.Length / 2, bytes.Length - 10, 100 })
        {
            var path = dir.File($"cut{keep}.pt");
            File.WriteAllBytes(path, bytes[..keep]);
            var e = Assert.Throws<TorchLoadException>(() => load(path));
            Assert.Contains(path, e.Message);
            Assert.Matches("truncated|corrupt", e.Message);
        }
        using var ok = load<Dictionary<string, Tensor>>(good)["b"]; // the process carries on
        Assert.Equal(new float[] { 1, 1, 1 }, ok.ToArray<float>());
    }

    [Fact]
    public void Load_CorruptTensorBytes_SaysCorruptRecord()
    {
        using var dir = new TempDir();
        var path = PyTorchFile(dir);
        var bytes = File.ReadAllBytes(path);
        // Damage the middle of the 256-byte 'w' storage: find arange's bytes for 30.0f.
        var needle = BitConverter.GetBytes(30f);
        var at = bytes.AsSpan().IndexOf(needle);
        Assert.True(at > 0);
        bytes[at] ^= 0x5a;
        File.WriteAllBytes(path, bytes);
        AssertLoadFails(path, "corrupt");
    }

    [Fact]
    public void Load_CorruptPickle_SaysWhatIsWrong()
    {
        using var dir = new TempDir();
        var path = dir.File("badpickle.pt");
        WriteArchive(path, ("data.pkl", new byte[] { 0x80, 0x02, (byte)'K', 1, (byte)'e' }), ("version", "3\n"u8.ToArray()));
        AssertLoadFails(path, "no MARK");
        WriteArchive(path, ("data.pkl", new byte[] { 0x80, 0x02, (byte)'K' }));
        AssertLoadFails(path, "truncated");
    }

    [Fact]
    public void Load_ZipWithoutDataPkl_SaysMissingDataPkl()
    {
        using var dir = new TempDir();
        var path = dir.File("nodata.pt");
        WriteArchive(path, ("version", "3\n"u8.ToArray()));
        AssertLoadFails(path, "data.pkl");
    }

    [Fact]
    public void Load_StorageRecordOfWrongSize_SaysSizeMismatch()
    {
        using var dir = new TempDir();
        var good = PyTorchFile(dir);
        var path = dir.File("short.pt");
        using (var source = ZipFile.OpenRead(good))
        {
            var records = source.Entries.Select(e =>
            {
                using var s = e.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                var data = m.ToArray();
                return (e.FullName[(e.FullName.IndexOf('/') + 1)..], e.FullName.EndsWith("data/0", StringComparison.Ordinal) ? data[..100] : data);
            }).ToArray();
            WriteArchive(path, records);
        }
        AssertLoadFails(path, "storage size mismatch");
    }

    [Fact]
    public void Load_PickleWithDisallowedGlobal_RefusesWithoutRunningIt()
    {
        using var dir = new TempDir();
        var path = dir.File("evil.pt");
        var marker = dir.File("pwned");
        Run($"""
            import os
            class Evil:
                def __reduce__(self):
                    return (os.system, ('touch ' + {Py(marker)},))
            torch.save(dict(x=torch.ones(1), evil=Evil()), {Py(path)})
            """);
        var e = AssertLoadFails(path, "is not allowed");
        Assert.Contains("system", e.Message);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void Load_MissingFile_SaysCannotOpen()
    {
        using var dir = new TempDir();
        AssertLoadFails(dir.File("nope.pt"), "cannot open");
    }

    [Fact]
    public void LoadT_WrongContainerType_SaysWhatTheFileHolds()
    {
        using var dir = new TempDir();
        var path = dir.File("dict.pt");
        using (var scope = NewDisposeScope()) save(new Dictionary<string, Tensor> { ["x"] = ones(1), ["y"] = ones(1) }, path);
        var before = Tensor.LiveCount;
        var e = Assert.Throws<TorchLoadException>(() => load<Tensor>(path));
        Assert.Contains("holds a dict of 2 entries, which is not a Tensor", e.Message);
        Assert.Equal(before, Tensor.LiveCount);
        Assert.Throws<TorchLoadException>(() => load<List<Tensor>>(path));
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void Load_SuccessfulLoadInScope_LeavesNoTensorBehind()
    {
        using var dir = new TempDir();
        var path = PyTorchFile(dir);
        var before = Tensor.LiveCount;
        using (var scope = NewDisposeScope())
        {
            var d = load<Dictionary<string, Tensor>>(path);
            Assert.Equal(2, d.Count);
        }
        Assert.Equal(before, Tensor.LiveCount);
    }

    /// <summary>Writes a stored zip with records under "archive/", as a hand-made (possibly broken) torch file.</summary>
    private static void WriteArchive(string path, params (string Name, byte[] Data)[] records)
    {
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, data) in records)
        {
            using var s = zip.CreateEntry($"archive/{name}", CompressionLevel.NoCompression).Open();
            s.Write(data);
        }
    }
}

namespace Trainer.Serialization.Tests;

/// <summary>
/// Missing, truncated, corrupt and foreign files: each gives exit code 1 and one line on
/// stderr naming the problem, never a stack trace, and the next file still inspects.
/// </summary>
public class InspectDamagedFileTests(PyTorchFiles files) : IClassFixture<PyTorchFiles>
{
    [Fact]
    public void Inspect_MissingFile_SaysNoSuchFile()
    {
        using var dir = new TempDir();
        Inspect.Failure(dir.File("nothing-here.pt"), "no such file");
    }

    [Fact]
    public void Inspect_Directory_SaysItIsADirectory()
    {
        using var dir = new TempDir();
        Inspect.Failure(dir.Path, "is a directory");
    }

    [Fact]
    public void Inspect_EmptyFile_SaysEmpty()
    {
        using var dir = new TempDir();
        var path = dir.File("empty.pt");
        File.WriteAllBytes(path, []);
        Inspect.Failure(path, "the file is empty");
    }

    [Fact]
    public void Inspect_FirstHalfOfARealFile_SaysTruncated()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(files["checkpoint.pt"]);
        var path = dir.File("half.pt");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        Inspect.Failure(path, "truncated or corrupt");
        Assert.NotEmpty(Inspect.Listing(files["checkpoint.pt"])); // the process carries on
    }

    [Fact]
    public void Inspect_RandomBytes_SaysNotAZip()
    {
        using var dir = new TempDir();
        var path = dir.File("random.pt");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x13; // not by chance 'P'
        File.WriteAllBytes(path, bytes);
        Inspect.Failure(path, "not a zip archive");
    }

    [Fact]
    public void Inspect_RandomBytesAfterZipSignature_SaysTruncatedOrCorrupt()
    {
        using var dir = new TempDir();
        var path = dir.File("pk-random.pt");
        var bytes = new byte[4096];
        new Random(8).NextBytes(bytes);
        "PK\x03\x04"u8.CopyTo(bytes);
        File.WriteAllBytes(path, bytes);
        Inspect.Failure(path, "not a readable zip archive");
    }

    [Fact]
    public void Inspect_ZipWithoutDataPkl_SaysNotATorchSaveFile()
    {
        using var dir = new TempDir();
        var path = dir.File("other.zip");
        Archives.Write(path, [("archive/readme.txt", "hello"u8.ToArray()), ("archive/data/0", new byte[8])]);
        Inspect.Failure(path, "has no ARCHIVE/data.pkl record, so it is not a torch.save file");
    }

    [Fact]
    public void Inspect_StorageRecordMissing_NamesTheRecord()
    {
        using var dir = new TempDir();
        var path = dir.File("no-storage.pt");
        Archives.Rewrite(files["plain.pt"], path, (name, bytes) => name == "plain/data/1" ? null : bytes);
        Inspect.Failure(path, "storage record 'plain/data/1' is missing");
    }

    [Fact]
    public void Inspect_StorageRecordShorterThanItsTensor_SaysTruncated()
    {
        using var dir = new TempDir();
        var path = dir.File("short-storage.pt");
        Archives.Rewrite(files["plain.pt"], path, (name, bytes) => name == "plain/data/0" ? bytes[..10] : bytes);
        Inspect.Failure(path, "storage record 'plain/data/0' holds 10 bytes but 6 torch.float32 elements need 24 (truncated)");
    }

    [Fact]
    public void Inspect_DataPklBytesDamaged_SaysCorrupt()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(files["plain.pt"]);
        var at = bytes.AsSpan().IndexOf("zeta"u8); // inside data.pkl, which torch.save stores uncompressed
        Assert.True(at > 0);
        bytes[at] ^= 0x20;
        var path = dir.File("bad-crc.pt");
        File.WriteAllBytes(path, bytes);
        Inspect.Failure(path, "record 'plain/data.pkl' is corrupt (its CRC-32 does not match its bytes)");
    }

    [Fact]
    public void Inspect_PickleCutShort_SaysTruncated()
    {
        using var dir = new TempDir();
        var path = dir.File("cut-pickle.pt");
        Archives.Rewrite(files["optimizer.pt"], path, (name, bytes) => name.EndsWith("/data.pkl") ? bytes[..(bytes.Length / 2)] : bytes);
        Inspect.Failure(path, "without a STOP opcode (truncated)");
    }
}

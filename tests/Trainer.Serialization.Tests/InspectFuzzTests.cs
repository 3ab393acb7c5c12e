namespace Trainer.Serialization.Tests;

/// <summary>
/// Damage at random: whatever a file holds, inspect ends with exit 0, or exit 1 and one line
/// naming a problem — never a crash, a hang, a stack trace, or the reader's internal-error line.
/// </summary>
public class InspectFuzzTests(PyTorchFiles files) : IClassFixture<PyTorchFiles>
{
    private static void AssertEndsCleanly(string path)
    {
        var r = Inspect.Run(path);
        if (r.ExitCode == 0)
        {
            Assert.Empty(r.Stderr);
            return;
        }
        Assert.Equal(1, r.ExitCode);
        Assert.Empty(r.Stdout);
        var line = Assert.Single(r.Stderr);
        Assert.StartsWith($"trainer inspect: {path}: ", line);
        Assert.False(line.Contains("internal error"), line);
    }

    [Fact]
    public void Inspect_DataPklWithRandomByteChanges_EndsCleanly()
    {
        using var dir = new TempDir();
        var random = new Random(1234);
        for (var i = 0; i < 400; i++)
        {
            var path = dir.File($"fuzz{i}.pt");
            Archives.Rewrite(files["checkpoint.pt"], path, (name, bytes) =>
            {
                if (!name.EndsWith("/data.pkl")) return bytes;
                var damaged = random.Next(4) == 0 ? bytes[..random.Next(bytes.Length)] : (byte[])bytes.Clone();
                for (var n = random.Next(1, 6); n > 0 && damaged.Length > 0; n--)
                    damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                return damaged;
            });
            AssertEndsCleanly(path);
        }
    }

    [Fact]
    public void Inspect_WholeFileCutOrFlippedAtRandom_EndsCleanly()
    {
        using var dir = new TempDir();
        var good = File.ReadAllBytes(files["dtypes.pt"]);
        var random = new Random(99);
        for (var i = 0; i < 200; i++)
        {
            var bytes = i % 2 == 0 ? good[..random.Next(good.Length)] : (byte[])good.Clone();
            if (i % 2 == 1)
                for (var n = random.Next(1, 8); n > 0; n--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var path = dir.File($"cut{i}.pt");
            File.WriteAllBytes(path, bytes);
            AssertEndsCleanly(path);
        }
    }
}

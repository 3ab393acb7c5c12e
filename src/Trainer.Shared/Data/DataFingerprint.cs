using System.Security.Cryptography;
using Trainer.Shared.Wire;

namespace Trainer.Shared.Data;

/// <summary>
/// What a node's training data is, file by file (name, size, SHA-256): the data stays on every
/// worker, so a worker must hold exactly the coordinator's, or the same sample index would mean
/// another image there. Compared when a worker joins.
/// </summary>
public static class DataFingerprint
{
    /// <summary>The files of Fashion-MNIST's training split that a worker reads.</summary>
    public static readonly string[] TrainFiles = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"];

    /// <summary>The training files under <paramref name="root"/> (Debian's Fashion-MNIST when null).</summary>
    public static IReadOnlyList<DataFile> Of(string? root)
    {
        root ??= FashionMNIST.DefaultRoot;
        var files = new List<DataFile>();
        foreach (var name in TrainFiles)
        {
            var path = Path.Combine(root, name);
            if (!File.Exists(path))
                throw new FileNotFoundException($"Fashion-MNIST file {path} not found; install Debian's {FashionMNIST.Package} package or give --data DIR", path);
            using var stream = File.OpenRead(path);
            files.Add(new DataFile { Name = name, Size = stream.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(stream)) });
        }
        return files;
    }

    /// <summary>Null when <paramref name="theirs"/> is <paramref name="ours"/>; otherwise one sentence naming every file that differs, and how.</summary>
    public static string? Difference(IReadOnlyList<DataFile> ours, IReadOnlyList<DataFile> theirs)
    {
        var differences = new List<string>();
        foreach (var mine in ours)
        {
            var other = theirs.FirstOrDefault(f => f.Name == mine.Name);
            if (other is null) differences.Add($"{mine.Name} is missing on the worker");
            else if (other.Size != mine.Size || other.Sha256 != mine.Sha256)
                differences.Add($"{mine.Name} differs (coordinator: {mine.Size} bytes, sha256 {Short(mine.Sha256)}; worker: {other.Size} bytes, sha256 {Short(other.Sha256)})");
        }
        foreach (var extra in theirs.Where(t => ours.All(o => o.Name != t.Name)))
            differences.Add($"{extra.Name} is not in the coordinator's data set");
        return differences.Count == 0 ? null : $"the worker's data set is not the coordinator's: {string.Join("; ", differences)}";
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}

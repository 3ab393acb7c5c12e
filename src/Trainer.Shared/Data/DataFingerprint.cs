using System.Security.Cryptography;

namespace Trainer.Shared.Data;

/// <summary>
/// What a node's training data is, file by file (name, size, SHA-256): the data stays on every
/// worker, so a worker must hold exactly the coordinator's, or the same sample index would mean
/// another row there. A file-backed <c>IBatchSource</c> returns this as its
/// fingerprint, which the coordinator compares when a worker joins.
/// </summary>
public static class DataFingerprint
{
    /// <summary>The files of Fashion-MNIST's training split that a worker reads.</summary>
    public static readonly string[] TrainFiles = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"];

    /// <summary>Fashion-MNIST's training files under <paramref name="root"/> (Debian's when null).</summary>
    public static string Of(string? root)
    {
        root ??= FashionMNIST.DefaultRoot;
        foreach (var name in TrainFiles)
            if (!File.Exists(Path.Combine(root, name)))
                throw new FileNotFoundException($"Fashion-MNIST file {Path.Combine(root, name)} not found; install Debian's {FashionMNIST.Package} package or give --data DIR", Path.Combine(root, name));
        return OfFiles(TrainFiles.Select(n => Path.Combine(root, n)));
    }

    /// <summary>"name size sha256:HEX" for each file, in order, joined by "; ".</summary>
    public static string OfFiles(IEnumerable<string> paths) => string.Join("; ", paths.Select(path =>
    {
        using var stream = File.OpenRead(path);
        return $"{Path.GetFileName(path)} {stream.Length} sha256:{Convert.ToHexStringLower(SHA256.HashData(stream))}";
    }));
}

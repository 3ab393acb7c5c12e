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
    /// <summary>"name size sha256:HEX" for each file, in order, joined by "; ".</summary>
    public static string OfFiles(IEnumerable<string> paths) => string.Join("; ", paths.Select(path =>
    {
        using var stream = File.OpenRead(path);
        return $"{Path.GetFileName(path)} {stream.Length} sha256:{Convert.ToHexStringLower(SHA256.HashData(stream))}";
    }));
}

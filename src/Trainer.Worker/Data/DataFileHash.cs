using System.Security.Cryptography;

namespace Trainer;

/// <summary>
/// How the file-backed batch sources say what their files are in <see cref="IBatchSource.Fingerprint"/>:
/// size and SHA-256 of each, never the path, so that the same files under another folder on a
/// worker compare equal and one changed byte anywhere does not.
/// </summary>
internal static class DataFileHash
{
    /// <summary>"N bytes, sha256 HEX" of what <paramref name="bytes"/> holds from its start.</summary>
    internal static string Describe(Stream bytes) =>
        $"{bytes.Length} bytes, sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))}";

    /// <summary>The files' descriptions joined in order (inputs first, then targets).</summary>
    internal static string Join(string kind, params string[] descriptions) => $"{kind}: {string.Join("; ", descriptions)}";
}

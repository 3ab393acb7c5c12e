using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Trainer.Coordinator.Checkpoints;

/// <summary>One file of a checkpoint as its manifest lists it: a reader checks size and SHA-256, so a truncated or altered file is found before anything is loaded.</summary>
internal sealed record CheckpointFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sha256")] string Sha256)
{
    /// <summary>Flushes <paramref name="path"/> to the disk (so the rename that publishes it never shows a file still in the page cache only) and describes it.</summary>
    public static CheckpointFile Of(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        file.Flush(flushToDisk: true);
        var hash = Convert.ToHexStringLower(SHA256.HashData(file));
        return new CheckpointFile(Path.GetFileName(path), file.Length, hash);
    }

    /// <summary>Null when <paramref name="folder"/>'s copy matches; otherwise what is wrong with it.</summary>
    public string? Problem(string folder)
    {
        var path = Path.Combine(folder, Name);
        if (!File.Exists(path)) return $"{Name} is missing";
        using var file = File.OpenRead(path);
        if (file.Length != Size) return $"{Name} has {file.Length} bytes, the manifest says {Size}";
        return Convert.ToHexStringLower(SHA256.HashData(file)) == Sha256 ? null : $"{Name} does not match its SHA-256 (altered or corrupt)";
    }
}

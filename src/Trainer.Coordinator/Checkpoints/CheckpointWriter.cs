using System.Text.Json;

namespace Trainer.Coordinator.Checkpoints;

/// <summary>
/// Writes checkpoints into one folder, atomically: the files go into a temporary folder beside
/// the checkpoints (same file system), each flushed to disk, the manifest last; one rename then
/// makes the whole checkpoint visible as step-NNNNNNNNNN. A process killed at any point leaves
/// either the complete folder or a temporary one that readers ignore (and the next write
/// removes). Only the newest <see cref="Keep"/> are kept, so the previous checkpoint still
/// stands while the next is written.
/// </summary>
internal sealed class CheckpointWriter(string root)
{
    public const int Keep = 2;
    private const string TempPrefix = ".tmp-";

    public string Root => root;

    /// <summary>
    /// Publishes a checkpoint of <paramref name="progress"/>; <paramref name="writeFiles"/> writes
    /// the model and optimizer files into the folder it is given. Returns the published folder.
    /// </summary>
    public Checkpoint Write(CheckpointProgress progress, Action<string> writeFiles)
    {
        Directory.CreateDirectory(root);
        var name = Checkpoint.FolderName(progress.GlobalStep);
        var final = Path.Combine(root, name);
        var temp = Path.Combine(root, $"{TempPrefix}{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            writeFiles(temp);
            var files = Directory.GetFiles(temp).Order(StringComparer.Ordinal).Select(CheckpointFile.Of).ToArray();
            var manifest = Path.Combine(temp, CheckpointManifest.FileName);
            File.WriteAllBytes(manifest, JsonSerializer.SerializeToUtf8Bytes(new CheckpointManifest(CheckpointManifest.CurrentFormat, progress, files), CheckpointManifest.Json));
            _ = CheckpointFile.Of(manifest); // flushed before the rename publishes it
            Publish(temp, final);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        Prune();
        return new Checkpoint(final, progress);
    }

    /// <summary>
    /// Renames <paramref name="temp"/> to <paramref name="final"/>. A checkpoint of the same step
    /// may exist (a run that resumed there and stopped again before its next step): it is moved
    /// aside first, so a complete checkpoint is visible at every moment.
    /// </summary>
    private static void Publish(string temp, string final)
    {
        string? aside = null;
        if (Directory.Exists(final))
        {
            aside = Path.Combine(Path.GetDirectoryName(final)!, $"{TempPrefix}old-{Path.GetFileName(final)}-{Guid.NewGuid():N}");
            Directory.Move(final, aside);
        }
        Directory.Move(temp, final);
        if (aside is not null) TryDelete(aside);
    }

    /// <summary>Removes all but the newest <see cref="Keep"/> checkpoints and what killed writes left behind.</summary>
    private void Prune()
    {
        foreach (var (_, folder) in Checkpoint.List(root).Skip(Keep)) TryDelete(folder);
        foreach (var leftover in Directory.EnumerateDirectories(root, TempPrefix + "*")) TryDelete(leftover);
    }

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { } // gone already, or busy: the next prune tries again
        catch (UnauthorizedAccessException) { }
    }
}

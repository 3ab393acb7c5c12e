using System.Text.Json;

namespace Trainer.Coordinator.Checkpoints;

/// <summary>
/// Finds the checkpoint to resume from: the newest complete one in a folder. A newer folder that
/// is not complete (its manifest unreadable, a file missing, cut short or altered) is skipped for
/// the one before it, with a warning that names the problem; when none is complete the error
/// names every folder's problem. Nothing is loaded from a folder that fails its checks.
/// </summary>
internal static class CheckpointReader
{
    public static Checkpoint Newest(string root, Action<string> warn)
    {
        if (!Directory.Exists(root)) throw new ArgumentException($"--resume {root}: no such folder");
        var folders = Checkpoint.List(root);
        if (folders.Count == 0) throw new InvalidDataException($"--resume {root}: no checkpoint in it (step-N folders, written by --checkpoint-dir)");
        var problems = new List<string>();
        foreach (var (_, folder) in folders)
        {
            try
            {
                var checkpoint = Open(folder);
                if (problems.Count > 0) warn($"resuming from the older {Path.GetFileName(folder)}: {string.Join("; ", problems)}");
                return checkpoint;
            }
            catch (InvalidDataException e)
            {
                problems.Add($"{Path.GetFileName(folder)} is not a complete checkpoint ({e.Message})");
            }
        }
        throw new InvalidDataException($"--resume {root}: no complete checkpoint: {string.Join("; ", problems)}");
    }

    /// <summary>The checkpoint in <paramref name="folder"/>, checked whole; InvalidDataException names what is wrong.</summary>
    public static Checkpoint Open(string folder)
    {
        var path = Path.Combine(folder, CheckpointManifest.FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"{CheckpointManifest.FileName} is missing");
        CheckpointManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllBytes(path), CheckpointManifest.Json); }
        catch (JsonException e) { throw new InvalidDataException($"{CheckpointManifest.FileName} is not valid: {e.Message}"); }
        if (manifest?.Progress is null || manifest.Files is null) throw new InvalidDataException($"{CheckpointManifest.FileName} lacks its progress or file list");
        if (manifest.Format != CheckpointManifest.CurrentFormat)
            throw new InvalidDataException($"{CheckpointManifest.FileName} is format {manifest.Format}; this trainer reads format {CheckpointManifest.CurrentFormat}");
        var listed = manifest.Files.Select(f => f.Name).ToHashSet();
        foreach (var needed in manifest.Progress.OptimizerFiles.Append(Checkpoint.ModelFileName))
            if (!listed.Contains(needed)) throw new InvalidDataException($"{needed} is not in the manifest");
        foreach (var file in manifest.Files)
            if (string.IsNullOrEmpty(file.Name) || file.Name != Path.GetFileName(file.Name))
                throw new InvalidDataException($"the manifest lists \"{file.Name}\", which is not a file name in the folder");
        foreach (var file in manifest.Files)
            if (file.Problem(folder) is string problem) throw new InvalidDataException(problem);
        return new Checkpoint(folder, manifest.Progress);
    }
}

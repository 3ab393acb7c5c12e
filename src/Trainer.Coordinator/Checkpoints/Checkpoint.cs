using System.Globalization;

namespace Trainer.Coordinator.Checkpoints;

/// <summary>A complete checkpoint: its folder (DIR/step-NNNNNNNNNN) and the progress it records.</summary>
internal sealed record Checkpoint(string Folder, CheckpointProgress Progress)
{
    private const string Prefix = "step-";

    public const string ModelFileName = "model.pt";

    public string ModelFile => Path.Combine(Folder, ModelFileName);

    public IEnumerable<string> OptimizerFiles => Progress.OptimizerFiles.Select(f => Path.Combine(Folder, f));

    /// <summary>The folder name of the checkpoint after <paramref name="globalStep"/> steps; zero-padded, so names sort as steps do.</summary>
    public static string FolderName(long globalStep) => Prefix + globalStep.ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>The checkpoint folders in <paramref name="root"/> (published ones only, not temporary ones), newest first.</summary>
    public static IReadOnlyList<(long Step, string Folder)> List(string root) =>
        Directory.EnumerateDirectories(root, Prefix + "*")
            .Select(d => (Ok: long.TryParse(Path.GetFileName(d)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var s), Step: s, Folder: d))
            .Where(c => c.Ok)
            .OrderByDescending(c => c.Step)
            .Select(c => (c.Step, c.Folder))
            .ToList();
}

using Trainer.Coordinator.Checkpoints;

namespace Trainer.Coordinator.Tests.Checkpoints;

public sealed class CheckpointReaderTests : IDisposable
{
    private readonly CheckpointFolder folder = new();
    private readonly List<string> warnings = new();

    [Fact]
    public void Newest_NewestModelAltered_FallsBackToThePreviousAndWarnsNamingTheFile()
    {
        folder.Write(8);
        var newest = folder.Write(16);
        File.WriteAllText(newest.ModelFile, "model 99"); // same length, other bytes

        var chosen = CheckpointReader.Newest(folder.Root, warnings.Add);

        Assert.Equal(8, chosen.Progress.GlobalStep);
        var warning = Assert.Single(warnings);
        Assert.Contains(Checkpoint.FolderName(16), warning);
        Assert.Contains("model.pt does not match its SHA-256", warning);
    }

    [Fact]
    public void Newest_NewestTruncated_FallsBackNamingTheSizes()
    {
        folder.Write(8);
        var newest = folder.Write(16);
        File.WriteAllText(Path.Combine(newest.Folder, "optimizer.pt"), "opt");

        Assert.Equal(8, CheckpointReader.Newest(folder.Root, warnings.Add).Progress.GlobalStep);
        Assert.Contains("optimizer.pt has 3 bytes, the manifest says 12", Assert.Single(warnings));
    }

    [Fact]
    public void Newest_NewestWithoutManifest_FallsBack()
    {
        folder.Write(8);
        File.Delete(Path.Combine(folder.Write(16).Folder, CheckpointManifest.FileName));

        Assert.Equal(8, CheckpointReader.Newest(folder.Root, warnings.Add).Progress.GlobalStep);
        Assert.Contains("checkpoint.json is missing", Assert.Single(warnings));
    }

    [Fact]
    public void Newest_NoCompleteCheckpoint_ErrorNamesEveryFolderAndProblem()
    {
        File.WriteAllText(Path.Combine(folder.Write(8).Folder, CheckpointManifest.FileName), "{ not json");
        File.Delete(folder.Write(16).ModelFile);

        var e = Assert.Throws<InvalidDataException>(() => CheckpointReader.Newest(folder.Root, warnings.Add));

        Assert.Contains("no complete checkpoint", e.Message);
        Assert.Contains($"{Checkpoint.FolderName(16)} is not a complete checkpoint (model.pt is missing)", e.Message);
        Assert.Contains($"{Checkpoint.FolderName(8)} is not a complete checkpoint (checkpoint.json is not valid", e.Message);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Newest_FolderWithoutCheckpoints_ErrorSaysSo()
    {
        var e = Assert.Throws<InvalidDataException>(() => CheckpointReader.Newest(folder.Root, warnings.Add));
        Assert.Contains("no checkpoint in it", e.Message);
    }

    [Fact]
    public void Open_ManifestNamesAFileOutsideTheFolder_Refused()
    {
        var checkpoint = folder.Write(8);
        var manifest = Path.Combine(checkpoint.Folder, CheckpointManifest.FileName);
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"optimizer.pt\"", "\"../optimizer.pt\""));

        var e = Assert.Throws<InvalidDataException>(() => CheckpointReader.Open(checkpoint.Folder));
        Assert.Contains("../optimizer.pt", e.Message);
    }

    public void Dispose() => folder.Dispose();
}

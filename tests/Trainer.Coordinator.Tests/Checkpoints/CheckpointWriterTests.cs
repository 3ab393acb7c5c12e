using Trainer.Coordinator.Checkpoints;

namespace Trainer.Coordinator.Tests.Checkpoints;

public sealed class CheckpointWriterTests : IDisposable
{
    private readonly CheckpointFolder folder = new();

    [Fact]
    public void Write_ThreeCheckpoints_KeepsOnlyTheLastTwo()
    {
        folder.Write(8);
        folder.Write(16);
        folder.Write(24);

        Assert.Equal([Checkpoint.FolderName(16), Checkpoint.FolderName(24)], folder.Names);
    }

    [Fact]
    public void Write_ThenOpen_ReturnsTheProgressAndFiles()
    {
        var written = folder.Write(13);

        var read = CheckpointReader.Open(written.Folder);
        Assert.Equal(13, read.Progress.GlobalStep);
        Assert.Equal(2, read.Progress.Epoch);
        Assert.Equal(3, read.Progress.BatchInEpoch);
        Assert.Equal([5L, 1, 4], read.Progress.OrderHead);
        Assert.Equal("model 13", File.ReadAllText(read.ModelFile));
        Assert.Equal("optimizer 13", File.ReadAllText(Assert.Single(read.OptimizerFiles)));
    }

    [Fact]
    public void Write_FilesFailMidway_NothingPublishedAndNoTemporaryFolderLeft()
    {
        folder.Write(8);

        Assert.Throws<IOException>(() => folder.Writer.Write(CheckpointFolder.Progress(16), dir =>
        {
            File.WriteAllText(Path.Combine(dir, Checkpoint.ModelFileName), "half");
            throw new IOException("disk full");
        }));

        Assert.Equal([Checkpoint.FolderName(8)], folder.Names);
    }

    [Fact]
    public void Write_LeftoverOfAKilledWrite_IgnoredByReaderAndRemovedByNextWrite()
    {
        folder.Write(8);
        var leftover = Directory.CreateDirectory(Path.Combine(folder.Root, ".tmp-" + Checkpoint.FolderName(16) + "-killed")).FullName;
        File.WriteAllText(Path.Combine(leftover, Checkpoint.ModelFileName), "half");

        Assert.Equal(8, CheckpointReader.Newest(folder.Root, _ => { }).Progress.GlobalStep);
        folder.Write(16);
        Assert.Equal([Checkpoint.FolderName(8), Checkpoint.FolderName(16)], folder.Names);
    }

    [Fact]
    public void Write_SameStepAgain_ReplacesItWhole()
    {
        folder.Write(8);
        folder.Writer.Write(CheckpointFolder.Progress(8), dir =>
        {
            File.WriteAllText(Path.Combine(dir, Checkpoint.ModelFileName), "again");
            File.WriteAllText(Path.Combine(dir, "optimizer.pt"), "again");
        });

        Assert.Equal([Checkpoint.FolderName(8)], folder.Names);
        Assert.Equal("again", File.ReadAllText(CheckpointReader.Newest(folder.Root, _ => { }).ModelFile));
    }

    public void Dispose() => folder.Dispose();
}

using Trainer.Cluster.Tests.Support;
using Trainer.Shared.Security;

namespace Trainer.MultiNode.Tests.Support;

/// <summary>
/// A host folder the containers mount: a small Fashion-MNIST (read-only in every container), the
/// cluster credential and a second, foreign one, and one output folder per run. The containers
/// run as uid 10001 (deploy/Dockerfile), so what they read is world-readable and what they write
/// into is world-writable; the folder itself is private to the test's user.
/// </summary>
internal sealed class RunFolder : IDisposable
{
    // 4096 images in batches of 32: 128 steps, long enough to fail a worker in the middle, and a
    // few seconds per run. 1024 test images: accuracy in steps of 0.1%.
    public const int TrainImages = 4096;
    public const int TestImages = 1024;

    public RunFolder()
    {
        Root = Directory.CreateTempSubdirectory(DockerEnvironment.NamePrefix).FullName;
        Data = SmallFashionMnist.Write(Path.Combine(Root, "data"), TrainImages, TestImages);
        Credential = WriteCredential("cluster");
        ForeignCredential = WriteCredential("foreign");
    }

    public string Root { get; }

    /// <summary>The data set folder, mounted at /data.</summary>
    public string Data { get; }

    /// <summary>The cluster's credential (a `trainer cert` file), mounted at /run/secrets/cluster.pfx.</summary>
    public string Credential { get; }

    /// <summary>Another cluster's credential: its holder must be refused.</summary>
    public string ForeignCredential { get; }

    /// <summary>A new folder for one run's outputs (model.pt, summary.json), writable from the containers.</summary>
    public string NewOut(string name)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, (UnixFileMode)0x1FF); // 0777
        return dir;
    }

    private string WriteCredential(string name)
    {
        var dir = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        using var credential = ClusterCredential.CreateNew();
        var path = Path.Combine(dir, ClusterCredential.FileName);
        credential.Save(path);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { } // a file still held: the temp folder is cleared by the OS later
    }
}

using System.Diagnostics;

namespace Trainer.Package.Tests;

/// <summary>
/// The task as the build runs it: the package's file is only read, the copy is a new file (also
/// where a hard link to the package's file stood), and a file it does not understand is not written.
/// </summary>
public sealed class MarkGlibcxxVersionWeakTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("trainer-elf-");
    private readonly RecordingBuildEngine engine = new();

    public void Dispose() => folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(folder.FullName, name);

    private bool Run(string library, string destination) => new MarkGlibcxxVersionWeak
    {
        BuildEngine = engine,
        Library = library,
        Destination = destination,
        Version = "GLIBCXX_3.4.32",
    }.Execute();

    [Fact]
    public void Execute_DestinationHardLinkedToLibrary_ReplacesTheLinkAndLeavesTheLibrary()
    {
        var original = TinyElf.Build();
        string library = PathOf("libLibTorchSharp.so"), destination = PathOf("copy.so");
        File.WriteAllBytes(library, original);
        HardLink(library, destination);

        Assert.True(Run(library, destination), string.Join("\n", engine.Errors));

        Assert.Equal(original, File.ReadAllBytes(library));
        Assert.Equal(1, LinkCount(library)); // the destination is a file of its own now
        var copy = File.ReadAllBytes(destination);
        Assert.Equal(ElfVersionNeeds.Outcome.AlreadyWeak, ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_3.4.32"));
        Assert.Empty(folder.GetFiles("*.tmp", SearchOption.AllDirectories).Concat(folder.GetFiles(".*")));
    }

    [Fact]
    public void Execute_RunTwice_SameCopy()
    {
        string library = PathOf("lib.so"), destination = PathOf("out/lib.so");
        File.WriteAllBytes(library, TinyElf.Build());

        Assert.True(Run(library, destination));
        var first = File.ReadAllBytes(destination);
        Assert.True(Run(library, destination));

        Assert.Equal(first, File.ReadAllBytes(destination));
    }

    [Fact]
    public void Execute_NotAnElfFile_WritesNothingAndSaysSo()
    {
        string library = PathOf("lib.so"), destination = PathOf("out/lib.so");
        File.WriteAllText(library, "not a library");

        Assert.True(Run(library, destination));

        Assert.False(File.Exists(destination));
        Assert.Equal("not a library", File.ReadAllText(library));
        Assert.Contains(engine.Messages, m => m.Contains("not an ELF file") && m.Contains("not patched"));
    }

    [Fact]
    public void Execute_BrokenElfFile_ErrorAndNoCopy()
    {
        var image = TinyElf.Build();
        image.AsSpan(0x3C, 2).Clear(); // no sections at all
        string library = PathOf("lib.so"), destination = PathOf("out/lib.so");
        File.WriteAllBytes(library, image);

        Assert.False(Run(library, destination));

        Assert.False(File.Exists(destination));
        Assert.Contains(engine.Errors, e => e.Contains("no .gnu.version_r section"));
    }

    private static void HardLink(string target, string link)
    {
        using var ln = Process.Start(new ProcessStartInfo("ln", [target, link]) { UseShellExecute = false })!;
        Assert.True(ln.WaitForExit(10_000), "ln did not finish");
        Assert.Equal(0, ln.ExitCode);
        Assert.Equal(2, LinkCount(target));
    }

    private static int LinkCount(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%h", path]) { UseShellExecute = false, RedirectStandardOutput = true })!;
        string output = stat.StandardOutput.ReadToEnd();
        Assert.True(stat.WaitForExit(10_000), "stat did not finish");
        return int.Parse(output.Trim());
    }
}

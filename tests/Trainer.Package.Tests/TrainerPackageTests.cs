using System.IO.Compression;

namespace Trainer.Package.Tests;

/// <summary>
/// The packages as a user gets them: what `dotnet pack` writes, and a console project outside the
/// repository that references only Trainer, builds, loads libtorch on this machine (Debian 12) with
/// no variable set, and trains.
/// </summary>
public sealed class TrainerPackageTests(PackedSolution packed) : IClassFixture<PackedSolution>
{
    static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8), RunTimeout = TimeSpan.FromMinutes(3);
    const string Native = "runtimes/linux-x64/native/libLibTorchSharp.so";

    [Fact]
    public void Pack_Solution_WritesTrainerAndThePackagesItDependsOn()
    {
        var packages = Directory.GetFiles(packed.Feed).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(new[] { "Trainer", "Trainer.Shared", "Trainer.Worker" }.Select(id => $"{id}.{packed.Version}.nupkg"), packages);

        using var trainer = ZipFile.OpenRead(Path.Combine(packed.Feed, $"Trainer.{packed.Version}.nupkg"));
        // The assembly with its XML docs (trainer.dll while src/Trainer.Coordinator is the executable).
        var assembly = Assert.Single(trainer.Entries, e => e.FullName.StartsWith("lib/net10.0/") && e.FullName.EndsWith(".dll"));
        Assert.Contains(trainer.Entries, e => e.FullName == Path.ChangeExtension(assembly.FullName, ".xml"));
        Assert.Contains(trainer.Entries, e => e.FullName == "PACKAGE.md");
        string nuspec = new StreamReader(trainer.GetEntry("Trainer.nuspec")!.Open()).ReadToEnd();
        Assert.Contains($"<dependency id=\"Trainer.Shared\" version=\"{packed.Version}\"", nuspec);
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);

        using var shared = ZipFile.OpenRead(Path.Combine(packed.Feed, $"Trainer.Shared.{packed.Version}.nupkg"));
        foreach (var file in new[] { "Trainer.Shared.targets", "TorchSharpOnDebian12.targets", "MarkGlibcxxVersionWeak.cs" })
            Assert.Contains(shared.Entries, e => e.FullName == $"buildTransitive/{file}");
    }

    [Fact]
    public void ConsoleProject_ReferencesOnlyTrainer_PatchesItsOwnCopyLoadsLibtorchAndTrains()
    {
        string packages = Path.Combine(packed.Root, "packages"), app = Path.Combine(packed.Root, "app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(packed.Root, "nuget.config"), ConsumerProject.NuGetConfig(packed.Feed, packages, MachinePackages()));
        File.WriteAllText(Path.Combine(app, "app.csproj"), ConsumerProject.ProjectFile(packed.Version));
        File.WriteAllText(Path.Combine(app, "Program.cs"), ConsumerProject.Program);
        string? pristine = SeedPristineTorchSharp(packages);

        // Outside the repository: none of its Directory.Build.* or central package versions apply.
        string build = Dotnet.Run(app, BuildTimeout, "build", "-c", "Release", "-v:n", "--disable-build-servers",
            "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false");

        var copy = File.ReadAllBytes(Path.Combine(app, "bin/Release/net10.0", Native));
        Assert.Equal(ElfVersionNeeds.Outcome.AlreadyWeak, ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_3.4.32"));
        if (pristine is not null)
        {
            Assert.Contains("GLIBCXX_3.4.32 marked weak", build); // the build patched it, from the untouched package
            Assert.Equal(ElfVersionNeeds.Outcome.Marked, ElfVersionNeeds.MarkWeak(File.ReadAllBytes(pristine), "GLIBCXX_3.4.32"));
        }

        AssertLoadsAndTrains(app, Path.Combine(app, "bin/Release/net10.0"));

        // Publish for linux-x64 resolves the natives again (into the folder's root): the same copy.
        string published = Path.Combine(packed.Root, "published");
        Dotnet.Run(app, BuildTimeout, "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", published,
            "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false");
        var publishedCopy = File.ReadAllBytes(Path.Combine(published, "libLibTorchSharp.so"));
        Assert.Equal(ElfVersionNeeds.Outcome.AlreadyWeak, ElfVersionNeeds.MarkWeak(publishedCopy, "GLIBCXX_3.4.32"));
        AssertLoadsAndTrains(app, published);
    }

    /// <summary>
    /// Runs the program in <paramref name="output"/>. Where its own copy of libLibTorchSharp.so does
    /// not load, TorchSharp falls back to copying the natives from the NuGet folder into cpu/ there
    /// (which on a machine whose folder an older build patched would hide the failure): it must not
    /// have needed to.
    /// </summary>
    static void AssertLoadsAndTrains(string app, string output)
    {
        string dll = Path.Combine(output, "app.dll"), embedded = Path.Combine(output, "run-embedded"), cluster = Path.Combine(output, "run-cluster");
        string[] run = ["--epochs", "2", "--batch-size", "16", "--seed", "3"];
        string log = Dotnet.Run(app, RunTimeout, [dll, "train", "--devices", "cpu:0,cpu:1", "--out", embedded, .. run]);
        Assert.Contains("training the job package-check on cpu:0,cpu:1", log);
        Assert.Contains("\"steps_applied\": 8", File.ReadAllText(Path.Combine(embedded, "summary.json")));
        Assert.False(Directory.Exists(Path.Combine(output, "cpu")), $"TorchSharp loaded its natives from the NuGet folder, not {output}'s own copy");

        // The same executable as a loopback cluster: a coordinator and two workers.
        int port = FreePortPair();
        var coordinator = Task.Run(() => Dotnet.Run(app, RunTimeout, [dll, "coordinator", "--listen", $"127.0.0.1:{port}", "--insecure", "--min-workers", "2",
            "--worker-timeout", "60", "--out", cluster, .. run]));
        var workers = Enumerable.Range(0, 2).Select(_ => Task.Run(() => Dotnet.Run(app, RunTimeout, dll, "worker", "--join", $"127.0.0.1:{port}", "--insecure"))).ToArray();
        Assert.True(Task.WaitAll([coordinator, .. workers], RunTimeout + TimeSpan.FromSeconds(30)), "the loopback cluster did not finish");
        Assert.Contains("\"steps_applied\": 8", File.ReadAllText(Path.Combine(cluster, "summary.json")));
        Assert.All(workers, w => Assert.Contains("the coordinator ended the job", w.Result));
        // ps mode with the same seed and batches: the cluster trains the embedded run's model.
        Assert.Equal(Loss(embedded), Loss(cluster), 5);
    }

    static double Loss(string run)
    {
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        return summary.RootElement.GetProperty("loss").GetDouble();
    }

    /// <summary>A free loopback port whose successor is free too (the coordinator's cluster and tensor ports).</summary>
    static int FreePortPair()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var first = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            first.Start();
            int port = ((System.Net.IPEndPoint)first.LocalEndpoint).Port;
            try
            {
                using var second = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (System.Net.Sockets.SocketException) { }
        }
        throw new InvalidOperationException("no free pair of loopback ports");
    }

    /// <summary>The machine's NuGet packages folder, as NuGet finds it.</summary>
    static string MachinePackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// TorchSharp as the package ships it, in the consumer's own packages folder (NuGet looks there
    /// before the fallback): a copy of the machine's extracted package with its native library
    /// taken again from the .nupkg, since earlier builds of this repository patched the machine's
    /// copy in place. Returns that library's path, or null where the machine has no TorchSharp
    /// (restore then fetches a pristine one itself).
    /// </summary>
    string? SeedPristineTorchSharp(string packages)
    {
        string version = packed.TorchSharpVersion;
        var machine = new DirectoryInfo(Path.Combine(MachinePackages(), "torchsharp", version));
        string nupkg = Path.Combine(machine.FullName, $"torchsharp.{version}.nupkg");
        if (!File.Exists(nupkg)) return null;
        string seeded = Path.Combine(packages, "torchsharp", version);
        foreach (var file in machine.EnumerateFiles("*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(seeded, Path.GetRelativePath(machine.FullName, file.FullName));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            file.CopyTo(target);
        }
        string library = Path.Combine(seeded, Native);
        using var zip = ZipFile.OpenRead(nupkg);
        zip.GetEntry(Native)!.ExtractToFile(library, overwrite: true);
        return library;
    }
}

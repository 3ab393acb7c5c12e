using System.Text.RegularExpressions;

namespace Trainer.Package.Tests;

/// <summary>
/// `dotnet pack Trainer.sln` of the existing Release build (scripts/build.sh first), once per test
/// run, into a temporary folder that goes away with the fixture. Each pack has a version of its own,
/// so a consumer can never restore a Trainer package that an earlier run left in a cache.
/// </summary>
public sealed class PackedSolution : IDisposable
{
    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(5);

    public PackedSolution()
    {
        Root = Directory.CreateTempSubdirectory("trainer-package-").FullName;
        try
        {
            Repository = FindRepository();
            Version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
            Feed = Path.Combine(Root, "feed");
            PackOutput = Dotnet.Run(Repository, PackTimeout, "pack", "Trainer.sln", "-c", "Release", "--no-build", "-nologo",
                "-o", Feed, $"-p:PackageVersion={Version}", $"-p:TrainerTorch={Environment.GetEnvironmentVariable("TRAINER_TORCH") ?? "cpu"}");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The temporary folder everything of this run lives under.</summary>
    public string Root { get; }
    public string Repository { get; } = "";
    public string Version { get; } = "";
    public string Feed { get; } = "";
    public string PackOutput { get; } = "";

    /// <summary>The TorchSharp version the solution pins (Directory.Packages.props).</summary>
    public string TorchSharpVersion => Regex.Match(File.ReadAllText(Path.Combine(Repository, "Directory.Packages.props")),
        "<TorchSharpVersion>([^<]+)</TorchSharpVersion>").Groups[1].Value;

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Trainer.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Trainer.sln above {AppContext.BaseDirectory}");
    }
}

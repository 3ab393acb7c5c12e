using System.Diagnostics;
using System.Reflection;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// How the benchmark starts this same executable again (the cluster's `worker`s, the plain loop's
/// `bench loop-peer` processes): the child must build the same job, so it must be the app's own
/// executable, as torchrun starts one script everywhere. For the book, trainer.dll under the
/// running dotnet; for a user's job, the executable whose Main called TrainerApp.Run.
/// </summary>
public sealed record SelfCommand(string FileName, IReadOnlyList<string> Prefix)
{
    /// <summary>`dotnet trainer.dll`, with the dotnet that runs this process (also under a test host that calls Program.Main).</summary>
    public static SelfCommand Trainer()
    {
        var dll = typeof(SelfCommand).Assembly.Location;
        if (!File.Exists(dll)) throw new FileNotFoundException($"trainer.dll not found to start it again: '{dll}'", dll);
        return new SelfCommand(LoopPeer.DotnetHost(), [dll]);
    }

    /// <summary>
    /// The user's executable: its app host as it was started, or `dotnet app.dll` when dotnet
    /// runs it. Null when this process is no app of its own (a test host driving TrainerApp):
    /// then nothing can rebuild the job in another process.
    /// </summary>
    public static SelfCommand? EntryApp()
    {
        var entry = Assembly.GetEntryAssembly();
        var path = Environment.ProcessPath;
        if (entry is null || path is null || entry.GetName().Name is "testhost" or "ReSharperTestRunner") return null;
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? new SelfCommand(path, [entry.Location])
            : new SelfCommand(path, []);
    }

    /// <summary>A start of this executable with <paramref name="arguments"/> after the prefix; output not redirected.</summary>
    public ProcessStartInfo Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(FileName) { UseShellExecute = false };
        foreach (var a in Prefix.Concat(arguments)) start.ArgumentList.Add(a);
        return start;
    }
}

using System.CommandLine;
using Trainer.Coordinator.Cli;
using Trainer.Coordinator.Telemetry;

namespace Trainer.Coordinator;

/// <summary>The `trainer` command line: one subcommand per file under Cli/.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        IDisposable? telemetry;
        try { telemetry = OtlpExport.StartFromEnvironment(role: args.FirstOrDefault(a => !a.StartsWith('-'))); }
        catch (ArgumentException e) { Console.Error.WriteLine($"trainer: {e.Message}"); return 2; }
        using var flushAtExit = telemetry;
        try { Trainer.Shared.TorchRuntime.EnsureLoaded(); }
        catch (Trainer.Shared.TorchLoadException e) { Console.Error.WriteLine($"trainer: {e.Message}"); return 1; }
        var root = new RootCommand("Trainer: data-parallel training of TorchSharp models.");
        foreach (var command in Commands.All())
            root.Subcommands.Add(command);
        return root.Parse(args).Invoke();
    }
}

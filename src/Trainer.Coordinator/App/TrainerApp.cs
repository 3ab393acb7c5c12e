using System.CommandLine;
using Trainer.Coordinator.App;
using Trainer.Coordinator.Cli;
using Trainer.Coordinator.Telemetry;

namespace Trainer;

/// <summary>
/// Every command of `trainer` for a job of your own: call it from your executable's Main and run
/// that one executable everywhere, as torchrun runs one script on every node.
/// <code>
/// return TrainerApp.Run(args, job);
/// // myjob train --devices cpu:0,cpu:1 --epochs 10 --out run
/// // myjob coordinator --listen 0.0.0.0:4053 --credentials cluster.pfx --min-workers 2
/// // myjob worker --join coordinator-host:4053 --credentials cluster.pfx
/// </code>
/// Commands: train, coordinator, worker, cert, inspect, info, bench; each option may also be
/// given in the environment (TRAINER_EPOCHS for --epochs). Returns the process's exit
/// code: 0 on success, 1 when the run failed (the reason on standard error), 2 for bad arguments.
/// </summary>
public static class TrainerApp
{
    /// <summary>Runs the command in <paramref name="args"/> for <paramref name="job"/>.</summary>
    public static int Run(string[] args, TrainingJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Run(args, JobSource.Fixed(job));
    }

    /// <summary>
    /// Runs the command in <paramref name="args"/> for the job <paramref name="job"/> builds from
    /// the job's own options <paramref name="jobOptions"/> (declared on train, coordinator, worker
    /// and bench beside the harness's options; give every node the same values).
    /// </summary>
    public static int Run(string[] args, Func<JobArguments, TrainingJob> job, params Option[] jobOptions)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Run(args, new JobSource(job, jobOptions));
    }

    /// <summary>The `trainer` executable: the book's jobs.</summary>
    internal static int RunBook(string[] args) => Run(args, new JobSource(Coordinator.Book.BookJobs.FromArguments, Coordinator.Book.BookJobs.Options, book: true));

    private static int Run(string[] args, JobSource job)
    {
        IDisposable? telemetry;
        try { telemetry = OtlpExport.StartFromEnvironment(role: args.FirstOrDefault(a => !a.StartsWith('-'))); }
        catch (ArgumentException e) { Console.Error.WriteLine($"trainer: {e.Message}"); return 2; }
        using var flushAtExit = telemetry;
        try { Trainer.Shared.TorchRuntime.EnsureLoaded(); }
        catch (Trainer.Shared.TorchLoadException e) { Console.Error.WriteLine($"trainer: {e.Message}"); return 1; }
        var root = new RootCommand("Trainer: data-parallel training of TorchSharp models. Every option may also be set in the environment: "
            + "--checkpoint-every as TRAINER_CHECKPOINT_EVERY (the command line wins).");
        foreach (var command in Commands.All(job))
            root.Subcommands.Add(command);
        IReadOnlyList<string> fromEnvironment;
        try { args = EnvironmentOptions.Apply(root, args, Environment.GetEnvironmentVariable, out fromEnvironment); }
        catch (ArgumentException e) { Console.Error.WriteLine($"trainer: {e.Message}"); return 2; }
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && fromEnvironment.Count > 0)
            Console.Error.WriteLine($"trainer: options taken from the environment: {string.Join(" ", fromEnvironment)}");
        return parsed.Invoke();
    }
}

using Trainer.Shared;
using System.CommandLine;
using Trainer.Coordinator.App;
using Trainer.Coordinator.Training;

namespace Trainer.Coordinator.Cli;

/// <summary>`train`: the job on this machine's devices (one, or several data-parallel).</summary>
internal static class TrainCommand
{
    internal static Command Create(JobSource job)
    {
        var options = new TrainOptionSet(withDevices: true);
        var command = new Command("train", "Train the job on this machine's devices.");
        options.AddTo(command);
        job.AddTo(command);
        command.SetAction(r => Run(() =>
        {
            var train = options.Read(r);
            return (job.Build(r, train.Seed), train);
        }));
        return command;
    }

    internal static int Run(TrainingJob job, TrainOptions options, TextWriter? plainOutput = null) => Run(() => (job, options), plainOutput);

    private static int Run(Func<(TrainingJob Job, TrainOptions Options)> read, TextWriter? plainOutput = null)
    {
        try
        {
            var (job, options) = read();
            var interactive = plainOutput is null && !Console.IsOutputRedirected && Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive;
            if (interactive)
                SpectreProgress.Run(sink => TrainingRun.Run(job, options, sink));
            else
                TrainingRun.Run(job, options, new PlainProgress(plainOutput ?? Console.Out));
            return 0;
        }
        catch (Exception e) when (CommandErrors.IsRunFailure(e))
        {
            Console.Error.WriteLine($"trainer train: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }
}

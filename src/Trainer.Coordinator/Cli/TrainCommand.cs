using Trainer.Shared;
using System.CommandLine;
using Trainer.Coordinator.Training;

namespace Trainer.Coordinator.Cli;

/// <summary>`trainer train`: the book's concise MLP on Fashion-MNIST with SGD (on one or several devices).</summary>
internal static class TrainCommand
{
    internal static Command Create()
    {
        var options = new TrainOptionSet(withDevices: true);
        var command = new Command("train", "Train one of the book's nets on Fashion-MNIST.");
        options.AddTo(command);
        command.SetAction(r => Run(options.Read(r)));
        return command;
    }

    internal static int Run(TrainOptions options, TextWriter? plainOutput = null)
    {
        try
        {
            var interactive = plainOutput is null && !Console.IsOutputRedirected && Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive;
            if (interactive)
                SpectreProgress.Run(sink => TrainingRun.Run(options, sink));
            else
                TrainingRun.Run(options, new PlainProgress(plainOutput ?? Console.Out));
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or IOException or InvalidOperationException or TimeoutException or TorchLoadException or System.Runtime.InteropServices.ExternalException)
        {
            Console.Error.WriteLine($"trainer train: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }
}

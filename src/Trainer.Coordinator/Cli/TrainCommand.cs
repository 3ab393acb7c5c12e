using Trainer.Shared;
using System.CommandLine;
using Trainer.Coordinator.Training;

namespace Trainer.Coordinator.Cli;

/// <summary>`trainer train`: the book's concise MLP on Fashion-MNIST with SGD (on one or several devices).</summary>
internal static class TrainCommand
{
    internal static Command Create()
    {
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training set.", DefaultValueFactory = _ => 10 };
        var batchSize = new Option<int>("--batch-size") { Description = "Samples per step.", DefaultValueFactory = _ => 256 };
        var lr = new Option<double>("--lr") { Description = "SGD learning rate.", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { Description = "Seeds weight init and shuffling.", DefaultValueFactory = _ => 0 };
        var devices = new Option<string>("--devices") { Description = "Devices to train on: auto (every CUDA device, else one CPU replica per core), cpu, or a list such as cpu:0,cpu:1 or cuda:0,cuda:1.", DefaultValueFactory = _ => "auto" };
        var mode = new Option<string>("--mode") { Description = "With several devices: ps (parameter server) or allreduce.", DefaultValueFactory = _ => "ps" };
        var balance = new Option<string>("--balance") { Description = "With several devices: even shards, or throughput (rows in proportion to each device's measured speed).", DefaultValueFactory = _ => "even" };
        var outDir = new Option<string?>("--out") { Description = "Folder for model.pt (state_dict) and summary.json." };
        var data = new Option<string?>("--data") { Description = $"Folder of the Fashion-MNIST .gz files (default {Trainer.Shared.Data.FashionMNIST.DefaultRoot})." };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads (default: libtorch's choice)." };
        var hidden = new Option<int>("--hidden") { Description = "Width of the net's hidden layer(s).", DefaultValueFactory = _ => 256 };
        var model = new Option<string>("--model") { Description = $"The book's net to train: {BookModel.Names} (mlp: the concise MLP; tied: one hidden layer used twice; dynamic: a middle layer reused 0-3 times per forward).", DefaultValueFactory = _ => "mlp" };
        var command = new Command("train", "Train one of the book's nets on Fashion-MNIST.") { epochs, batchSize, lr, seed, devices, outDir, data, threads, mode, balance, hidden, model };
        command.SetAction(r => Run(new TrainOptions(r.GetValue(epochs), r.GetValue(batchSize), r.GetValue(lr), r.GetValue(seed),
            r.GetValue(devices)!, r.GetValue(outDir), r.GetValue(data), r.GetValue(threads), r.GetValue(mode)!, Balance: r.GetValue(balance)!, Hidden: r.GetValue(hidden), Model: r.GetValue(model)!)));
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

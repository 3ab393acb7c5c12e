using System.CommandLine;
using Trainer.Coordinator.Bench;

namespace Trainer.Coordinator.Cli;

/// <summary>
/// `trainer bench scaling` (Trainer against PyTorch and a plain TorchSharp loop, throughput over
/// devices), `trainer bench memory` (RSS per epoch), and `trainer bench loop-peer`, the plain
/// loop as the scaling benchmark runs it, in a child process of its own.
/// </summary>
internal static class BenchCommand
{
    internal static Command Create()
    {
        var bench = new Command("bench", "Benchmarks: scaling over devices against PyTorch, and memory over a long run.");
        bench.Subcommands.Add(Scaling());
        bench.Subcommands.Add(Memory());
        bench.Subcommands.Add(LoopPeer());
        bench.Subcommands.Add(Transfer());
        return bench;
    }

    private static Command Scaling()
    {
        var outDir = new Option<string>("--out") { Description = "Folder for scaling.csv, ceiling.csv and scaling.svg.", Required = true };
        var hidden = new Option<string>("--hidden") { Description = "Hidden sizes of the MLP.", DefaultValueFactory = _ => "256,2048" };
        var batch = new Option<string>("--batch") { Description = "Global batch sizes.", DefaultValueFactory = _ => "256,2048" };
        var devices = new Option<string>("--devices") { Description = "Device (replica) counts; PyTorch runs 1 thread and N threads / N DDP processes for each N > 1.", DefaultValueFactory = _ => "1,2" };
        var modes = new Option<string>("--modes") { Description = "Trainer modes.", DefaultValueFactory = _ => "ps,allreduce" };
        var systems = new Option<string>("--systems")
        {
            Description = "What to measure: trainer; pytorch (threads, DDP, and its ceiling); torchsharp (the plain loop, and its ceiling); "
                + "trainer-cluster (this process a coordinator, two `trainer worker` processes of one device on loopback).",
            DefaultValueFactory = _ => "trainer,pytorch,torchsharp,trainer-cluster",
        };
        var steps = new Option<int>("--steps") { Description = "Timed steps per configuration; 0 = one epoch (60000 / batch).", DefaultValueFactory = _ => 0 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before timing.", DefaultValueFactory = _ => 3 };
        var rounds = new Option<int>("--rounds") { Description = "Times the whole grid is measured, every system in turn; each figure is the median over rounds.", DefaultValueFactory = _ => 3 };
        var chunks = new Option<int>("--chunks") { Description = "Pieces each configuration's timed steps are cut into, timed in turn with the cell's other configurations.", DefaultValueFactory = _ => 8 };
        var data = new Option<string?>("--data") { Description = $"Folder of the Fashion-MNIST .gz files (default {Trainer.Shared.Data.FashionMNIST.DefaultRoot})." };
        var command = new Command("scaling",
            "Samples/s of Trainer (1..N devices, ps and allreduce), PyTorch 1.13 (threads, DDP), a plain TorchSharp loop, and the ceiling (independent processes), on the Fashion-MNIST MLP.")
            { outDir, hidden, batch, devices, modes, systems, steps, warmup, rounds, chunks, data };
        command.SetAction(r => Guard("bench scaling", () =>
        {
            var which = Names(r.GetValue(systems)!, "--systems");
            foreach (var s in which)
                if (s is not (ScalingSystems.Trainer or ScalingSystems.PyTorch or ScalingSystems.TorchSharp or ScalingSystems.TrainerCluster))
                    throw new ArgumentException($"--systems: unknown system '{s}' (trainer, pytorch, torchsharp or trainer-cluster)");
            var options = new ScalingOptions(r.GetValue(outDir)!, Ints(r.GetValue(hidden)!, "--hidden"), Ints(r.GetValue(batch)!, "--batch"),
                Ints(r.GetValue(devices)!, "--devices"), Names(r.GetValue(modes)!, "--modes"), r.GetValue(steps), r.GetValue(warmup),
                r.GetValue(data) ?? Trainer.Shared.Data.FashionMNIST.DefaultRoot, which.Contains(ScalingSystems.Trainer), which.Contains(ScalingSystems.PyTorch),
                r.GetValue(rounds), r.GetValue(chunks), which.Contains(ScalingSystems.TorchSharp), which.Contains(ScalingSystems.TrainerCluster));
            using var trainer = new TrainerScaling(options.DataRoot);
            ScalingBench.Run(options, trainer.Start, Console.Out, trainer.StartCluster);
        }));
        return command;
    }

    private static Command Memory()
    {
        var outDir = new Option<string?>("--out") { Description = "Folder for memory.csv." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs to run (at least 3).", DefaultValueFactory = _ => 10 };
        var devices = new Option<int>("--devices") { Description = "CPU replicas.", DefaultValueFactory = _ => 2 };
        var mode = new Option<string>("--mode") { Description = "ps or allreduce.", DefaultValueFactory = _ => "allreduce" };
        var batch = new Option<int>("--batch-size") { Description = "Global batch size.", DefaultValueFactory = _ => 256 };
        var data = new Option<string?>("--data") { Description = "Folder of the Fashion-MNIST .gz files." };
        var command = new Command("memory", "RSS (VmRSS) after each epoch of a multi-device run; growth after epoch 2 should stay under 50 MB.")
            { outDir, epochs, devices, mode, batch, data };
        command.SetAction(r => Guard("bench memory", () =>
        {
            var report = TrainerScaling.MeasureMemory(r.GetValue(mode)!, r.GetValue(devices), r.GetValue(batch), r.GetValue(epochs),
                r.GetValue(data) ?? Trainer.Shared.Data.FashionMNIST.DefaultRoot, Console.Out);
            report.Write(Console.Out, r.GetValue(outDir));
        }));
        return command;
    }

    /// <summary>
    /// The plain TorchSharp loop for one cell, serving chunks over stdin (<see cref="ChunkServer"/>):
    /// `bench scaling` starts it, one process per loop; run by hand it reads step counts typed in.
    /// </summary>
    private static Command LoopPeer()
    {
        var hidden = new Option<int>("--hidden") { Description = "Hidden size of the MLP.", DefaultValueFactory = _ => 256 };
        var batch = new Option<int>("--batch") { Description = "Global batch size.", DefaultValueFactory = _ => 256 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before serving.", DefaultValueFactory = _ => 3 };
        var rank = new Option<int>("--rank") { Description = "Which share of every batch this process trains (0-based).", DefaultValueFactory = _ => 0 };
        var world = new Option<int>("--world") { Description = "Shares every batch is cut into (1: whole batches).", DefaultValueFactory = _ => 1 };
        var data = new Option<string?>("--data") { Description = "Folder of the Fashion-MNIST .gz files." };
        var command = new Command("loop-peer",
            "A plain single-thread TorchSharp training loop (no harness) on one cell: prints {\"ready\": true}, then times each step count read from stdin; an empty line ends it.")
            { hidden, batch, warmup, rank, world, data };
        command.SetAction(r => Guard("bench loop-peer", () =>
        {
            if (r.GetValue(warmup) < 0) throw new ArgumentException($"--warmup must not be negative, got {r.GetValue(warmup)}");
            // One intra-op thread, on the thread that trains: the loop is the single-thread baseline.
            Trainer.Shared.TorchThreads.SetForThisThread(1);
            using var loop = new TorchSharpLoop(r.GetValue(hidden), r.GetValue(batch), r.GetValue(data) ?? Trainer.Shared.Data.FashionMNIST.DefaultRoot,
                r.GetValue(rank), r.GetValue(world));
            if (r.GetValue(warmup) > 0) loop.Run(r.GetValue(warmup));
            ChunkServer.Serve(loop, Console.In, Console.Out);
        }));
        return command;
    }

    private static Command Transfer()
    {
        var values = new Option<string>("--values") { Description = "Model sizes in float32 values (the MLP's: 203530 at hidden 256, 1628170 at 2048).", DefaultValueFactory = _ => "203530,1628170" };
        var calls = new Option<int>("--calls") { Description = "Timed downloads and uploads per size.", DefaultValueFactory = _ => 50 };
        var command = new Command("transfer",
            "The gRPC tensor service alone on loopback: time to download a model's weights and upload its gradient, per call.")
            { values, calls };
        command.SetAction(r => Guard("bench transfer", () =>
        {
            if (r.GetValue(calls) < 1) throw new ArgumentException($"--calls must be at least 1, got {r.GetValue(calls)}");
            foreach (var n in Ints(r.GetValue(values)!, "--values"))
            {
                if (n < 1) throw new ArgumentException($"--values needs positive sizes, got {n}");
                Console.WriteLine(TransferBench.Run(n, r.GetValue(calls)));
            }
        }));
        return command;
    }

    private static int Guard(string name, Action run)
    {
        try
        {
            run();
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException or IOException or InvalidOperationException
                                       or System.Runtime.InteropServices.ExternalException or Trainer.Shared.TorchLoadException)
        {
            Console.Error.WriteLine($"trainer {name}: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    private static List<string> Names(string list, string option)
    {
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (names.Count == 0) throw new ArgumentException($"{option} needs at least one value");
        return names;
    }

    private static List<int> Ints(string list, string option) =>
        Names(list, option).Select(s => int.TryParse(s, out var v) ? v : throw new ArgumentException($"{option}: '{s}' is not a whole number")).ToList();
}

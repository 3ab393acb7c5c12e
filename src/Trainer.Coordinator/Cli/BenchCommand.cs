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
    /// <summary>The book's workloads of `trainer bench scaling --workloads`: the MLP at each --hidden, and the LeNet.</summary>
    internal const string Workloads = "mlp, cnn";

    internal static Command Create(App.JobSource job)
    {
        var bench = new Command("bench", "Benchmarks: scaling over devices against PyTorch, and memory over a long run.");
        bench.Subcommands.Add(Scaling(job));
        bench.Subcommands.Add(Memory(job));
        bench.Subcommands.Add(LoopPeer());
        bench.Subcommands.Add(JobLoopPeer(job));
        bench.Subcommands.Add(Transfer());
        return bench;
    }

    /// <summary>
    /// `bench scaling`. In `trainer` (the book's jobs) the cells are the book's workloads: the MLP
    /// at each --hidden, and with --workloads cnn the LeNet; every system runs them. In a user's
    /// executable the cells are its job (its own options, as train takes them) at each --batch,
    /// and the systems are those that can run any job: trainer, trainer-cluster (workers of this
    /// executable) and the plain loop; PyTorch is refused, having no script for it.
    /// </summary>
    private static Command Scaling(App.JobSource job)
    {
        var outDir = new Option<string>("--out") { Description = "Folder for scaling.csv, ceiling.csv and scaling.svg.", Required = true };
        var hidden = new Option<string>("--hidden") { Description = "Hidden sizes of the MLP workload.", DefaultValueFactory = _ => "256,2048" };
        var workloads = new Option<string>("--workloads")
        {
            Description = $"The book's workloads ({Workloads}): mlp, the MLP at each --hidden; cnn, the LeNet (compute-heavy; PyTorch runs it too); each at every --batch.",
            DefaultValueFactory = _ => "mlp",
        };
        var batch = new Option<string>("--batch") { Description = "Global batch sizes.", DefaultValueFactory = _ => "256,2048" };
        var devices = new Option<string>("--devices") { Description = "Device (replica) counts; PyTorch runs 1 thread and N threads / N DDP processes for each N > 1.", DefaultValueFactory = _ => "1,2" };
        var modes = new Option<string>("--modes") { Description = "Trainer modes.", DefaultValueFactory = _ => "ps,allreduce" };
        var systems = new Option<string>("--systems")
        {
            Description = "What to measure: trainer; pytorch (threads, DDP, and its ceiling; the book's workloads only); torchsharp (the plain loop, and its ceiling); "
                + "trainer-cluster (this process a coordinator, two `worker` processes of this executable, one device each, on loopback).",
            DefaultValueFactory = _ => job.IsBook ? "trainer,pytorch,torchsharp,trainer-cluster" : "trainer,torchsharp,trainer-cluster",
        };
        var steps = new Option<int>("--steps") { Description = "Timed steps per configuration; 0 = one epoch (training samples / batch).", DefaultValueFactory = _ => 0 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before timing.", DefaultValueFactory = _ => 3 };
        var rounds = new Option<int>("--rounds") { Description = "Times the whole grid is measured, every system in turn; each figure is the median over rounds.", DefaultValueFactory = _ => 3 };
        var chunks = new Option<int>("--chunks") { Description = "Pieces each configuration's timed steps are cut into, timed in turn with the cell's other configurations.", DefaultValueFactory = _ => 8 };
        var data = new Option<string?>("--data") { Description = $"Folder of the Fashion-MNIST .gz files (default {Trainer.Shared.Data.FashionMNIST.DefaultRoot})." };
        var command = new Command("scaling", job.IsBook
            ? "Samples/s of Trainer (1..N devices, ps and allreduce), PyTorch 1.13 (threads, DDP), a plain TorchSharp loop, and the ceiling (independent processes), on the book's MLP (and with --workloads cnn its LeNet) on Fashion-MNIST."
            : "Samples/s of this job on Trainer (1..N devices, ps and allreduce), as a cluster of worker processes, and in a plain TorchSharp loop (the harness's own cost), at each --batch.")
            { outDir, batch, devices, modes, systems, steps, warmup, rounds, chunks };
        if (job.IsBook)
        {
            command.Options.Add(hidden);
            command.Options.Add(workloads);
            command.Options.Add(data);
        }
        else job.AddTo(command);
        command.SetAction(r => Guard("bench scaling", () =>
        {
            var which = Names(r.GetValue(systems)!, "--systems");
            foreach (var s in which)
                if (s is not (ScalingSystems.Trainer or ScalingSystems.PyTorch or ScalingSystems.TorchSharp or ScalingSystems.TrainerCluster))
                    throw new ArgumentException($"--systems: unknown system '{s}' (trainer, pytorch, torchsharp or trainer-cluster)");
            var dataRoot = (job.IsBook ? r.GetValue(data) : null) ?? Trainer.Shared.Data.FashionMNIST.DefaultRoot;
            var (mlpHidden, jobs) = job.IsBook ? BookWorkloads(r.GetValue(workloads)!, r.GetValue(hidden)!, dataRoot) : ([], [AppWorkload(job, r)]);
            var options = new ScalingOptions(r.GetValue(outDir)!, mlpHidden, Ints(r.GetValue(batch)!, "--batch"),
                Ints(r.GetValue(devices)!, "--devices"), Names(r.GetValue(modes)!, "--modes"), r.GetValue(steps), r.GetValue(warmup),
                dataRoot, which.Contains(ScalingSystems.Trainer), which.Contains(ScalingSystems.PyTorch),
                r.GetValue(rounds), r.GetValue(chunks), which.Contains(ScalingSystems.TorchSharp), which.Contains(ScalingSystems.TrainerCluster), jobs);
            var self = job.IsBook ? SelfCommand.Trainer() : SelfCommand.EntryApp();
            using var trainer = new TrainerScaling(options.DataRoot, self);
            ScalingBench.Run(options, trainer.Start, Console.Out, trainer.StartCluster, Bench.LoopPeer.Starter(self));
        }));
        return command;
    }

    /// <summary>`--workloads mlp,cnn` of `trainer bench scaling`: the MLP's hidden sizes (none without mlp), and the LeNet as a job cell.</summary>
    private static (List<int> Hidden, List<ScalingWorkload> Jobs) BookWorkloads(string list, string hidden, string dataRoot)
    {
        var names = Names(list, "--workloads");
        foreach (var n in names)
            if (n is not (ScalingWorkload.MlpModel or ScalingWorkload.CnnModel)) throw new ArgumentException($"--workloads: unknown workload '{n}' ({Workloads})");
        var jobs = new List<ScalingWorkload>();
        if (names.Contains(ScalingWorkload.CnnModel))
        {
            const double lr = 0.05;
            var cnn = Book.BookJobs.Create(ScalingWorkload.CnnModel, lr: lr, dataRoot: dataRoot);
            jobs.Add(new ScalingWorkload(cnn.Name, 0, () => Book.BookJobs.Create(ScalingWorkload.CnnModel, lr: lr, dataRoot: dataRoot),
                ["--model", ScalingWorkload.CnnModel, "--lr", lr.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", dataRoot],
                ScalingWorkload.CnnModel, ScalingOptions.FashionMnistTrainCount));
        }
        return (names.Contains(ScalingWorkload.MlpModel) ? Ints(hidden, "--hidden") : [], jobs);
    }

    /// <summary>The app's own job as one workload: built from this command line, and rebuilt by its children from the same job options.</summary>
    private static ScalingWorkload AppWorkload(App.JobSource job, ParseResult r)
    {
        var built = job.Build(r, 0);
        long count;
        var source = built.TrainData() ?? throw new ArgumentException($"job {built.Name}: TrainData returned no source");
        try { count = source.Count; }
        finally { (source as IDisposable)?.Dispose(); }
        return new ScalingWorkload(built.Name, 0, () => job.Build(r, 0), JobArguments(job, r), null, count);
    }

    /// <summary>The job's options as given on this command line (only those given: the children take the same defaults).</summary>
    private static List<string> JobArguments(App.JobSource job, ParseResult r)
    {
        var given = new List<string>();
        foreach (var option in job.Options)
            if (r.GetResult(option) is { Implicit: false } result)
            {
                given.Add(option.Name);
                given.AddRange(result.Tokens.Select(t => t.Value));
            }
        return given;
    }

    private static Command Memory(App.JobSource job)
    {
        var outDir = new Option<string?>("--out") { Description = "Folder for memory.csv." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs to run (at least 3).", DefaultValueFactory = _ => 10 };
        var devices = new Option<int>("--devices") { Description = "CPU replicas.", DefaultValueFactory = _ => 2 };
        var mode = new Option<string>("--mode") { Description = "ps or allreduce.", DefaultValueFactory = _ => "allreduce" };
        var batch = new Option<int>("--batch-size") { Description = "Global batch size.", DefaultValueFactory = _ => 256 };
        var data = new Option<string?>("--data") { Description = "Folder of the Fashion-MNIST .gz files." };
        var command = new Command("memory", "RSS (VmRSS) after each epoch of a multi-device run of "
            + (job.IsBook ? "the book's MLP (784-256-10)" : "this job") + "; growth after epoch 2 should stay under 50 MB.")
            { outDir, epochs, devices, mode, batch };
        // The book's memory run is its MLP at width 256 (its --data only); a user's is the job, from its own options.
        if (job.IsBook) command.Options.Add(data);
        else job.AddTo(command);
        command.SetAction(r => Guard("bench memory", () =>
        {
            var trained = job.IsBook ? Book.BookJobs.Create(ScalingWorkload.MlpModel, 256, dataRoot: r.GetValue(data)) : job.Build(r, 0);
            var report = TrainerScaling.MeasureMemory(trained, r.GetValue(mode)!, r.GetValue(devices), r.GetValue(batch), r.GetValue(epochs), Console.Out);
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

    /// <summary>
    /// A job's plain loop, as `bench loop-peer` is the MLP's: the app's job built from its own
    /// options (as `train` builds it), its model, loss and optimizer in a plain loop on one
    /// thread, serving chunks over stdin. `bench scaling` starts it for a job's cells.
    /// </summary>
    private static Command JobLoopPeer(App.JobSource job)
    {
        var batch = new Option<int>("--batch") { Description = "Global batch size.", DefaultValueFactory = _ => 256 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before serving.", DefaultValueFactory = _ => 3 };
        var rank = new Option<int>("--rank") { Description = "Which share of every batch this process trains (0-based).", DefaultValueFactory = _ => 0 };
        var world = new Option<int>("--world") { Description = "Shares every batch is cut into (1: whole batches).", DefaultValueFactory = _ => 1 };
        var command = new Command("job-loop-peer",
            "The job's model, loss and optimizer in a plain single-thread TorchSharp loop (no harness): prints {\"ready\": true}, then times each step count read from stdin.")
            { batch, warmup, rank, world };
        job.AddTo(command);
        command.SetAction(r => Guard("bench job-loop-peer", () =>
        {
            if (r.GetValue(warmup) < 0) throw new ArgumentException($"--warmup must not be negative, got {r.GetValue(warmup)}");
            Trainer.Shared.TorchThreads.SetForThisThread(1);
            using var loop = new TorchSharpLoop(job.Build(r, 0), r.GetValue(batch), r.GetValue(rank), r.GetValue(world));
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

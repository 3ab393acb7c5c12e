using Trainer.Coordinator.Book;
using Trainer.Shared.Data;
using System.Diagnostics;
using Trainer.Coordinator.DataParallel;
using Trainer.Coordinator.Training;
using Trainer.Worker;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The Trainer side of the benchmarks: the embedded data-parallel trainer (one CPU replica
/// per device, one thread each) on the same MLP, loss, optimizer and batches as the PyTorch
/// peer. Fashion-MNIST is loaded once and shared by every configuration.
/// </summary>
internal sealed class TrainerScaling(string dataRoot) : IDisposable
{
    private FashionMNIST? data;

    /// <summary>A fresh trainer for one configuration, warmed up on the first global batches of the benchmark's order.</summary>
    internal IScalingRunner Start(string mode, int devices, int hidden, int batch, int warmup)
    {
        data ??= new FashionMNIST(dataRoot, train: true); // loaded on first use: `--systems pytorch` never needs it
        var dp = Create(data, mode, devices, hidden);
        try
        {
            var runner = new Runner(dp, new ScalingResult("trainer", mode, devices, batch, hidden, 0, 0), data.Count, batch);
            runner.Run(warmup);
            return runner;
        }
        catch
        {
            dp.Dispose();
            throw;
        }
    }

    /// <summary>The cluster rows: this process the coordinator, two worker processes; warmed up on the same batches.</summary>
    internal IScalingRunner StartCluster(int hidden, int batch, int warmup)
    {
        data ??= new FashionMNIST(dataRoot, train: true);
        return ClusterScaling.Start(data, dataRoot, hidden, batch, warmup);
    }

    /// <summary>A trainer stepping through the benchmark's batch order, chunk by chunk (embedded or the cluster's); disposing it disposes the trainer.</summary>
    internal sealed class Runner(DataParallelTrainer dp, ScalingResult config, long samples, int batch) : IScalingRunner
    {
        private readonly IEnumerator<long[]> order = BatchOrder.Endless(samples, batch, seed: 0).GetEnumerator();

        public ScalingResult Config { get; } = config;

        public double Run(int steps)
        {
            var chunk = new List<long[]>(steps);
            for (var i = 0; i < steps && order.MoveNext(); i++) chunk.Add(order.Current);
            var clock = Stopwatch.StartNew();
            dp.TrainSteps(chunk);
            return clock.Elapsed.TotalSeconds;
        }

        public void Dispose()
        {
            order.Dispose();
            dp.Dispose();
        }
    }

    public void Dispose() => data?.Dispose();

    /// <summary>`trainer bench memory`: whole epochs on one trainer, VmRSS sampled after each.</summary>
    internal static MemoryReport MeasureMemory(string mode, int devices, int batch, int epochs, string dataRoot, TextWriter log)
    {
        if (epochs < 3) throw new ArgumentException($"--epochs must be at least 3 to see growth after the second epoch, got {epochs}");
        if (devices < 1) throw new ArgumentException($"--devices must be at least 1, got {devices}");
        if (batch < 1) throw new ArgumentException($"--batch-size must be at least 1, got {batch}");
        using var data = new FashionMNIST(dataRoot, train: true);
        using var dp = Create(data, mode, devices, 256);
        var random = new Random(0);
        log.WriteLine($"{epochs} epochs, {devices} devices, {mode}, batch {batch}, MLP 784-256-10");
        return MemoryReport.Measure(epochs, _ => dp.RunEpoch(BatchOrder.Shuffle(data.Count, random), batch), log);
    }

    internal static DataParallelTrainer Create(FashionMNIST data, string mode, int devices, int hidden)
    {
        torch.manual_seed(0);
        return DataParallelTrainer.Create(new DataParallelOptions(
            () => ConciseMlp.Create(hidden),
            () => nn.CrossEntropyLoss(),
            p => torch.optim.SGD(p, 0.1),
            DeviceSpecs.Parse(string.Join(',', Enumerable.Range(0, devices).Select(i => $"cpu:{i}"))),
            new TensorBatchSource(data.images, data.targets),
            DataParallelModes.Parse(mode)));
    }
}

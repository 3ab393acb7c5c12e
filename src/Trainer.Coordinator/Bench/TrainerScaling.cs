using Trainer.Coordinator.Book;
using Trainer.Shared.Data;
using System.Diagnostics;
using Trainer.Coordinator.DataParallel;
using Trainer.Coordinator.Training;
using Trainer.Worker;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The Trainer side of the benchmarks: the embedded data-parallel trainer (one CPU replica
/// per device, one thread each) on the cell's workload: the book's MLP (the same model, loss,
/// optimizer and batches as the PyTorch peer) or a job. Each workload's training data is made
/// once and shared by every configuration of its cells (Fashion-MNIST for the MLP, the job's
/// TrainData for a job); <paramref name="self"/> starts the cluster's workers for a job.
/// </summary>
internal sealed class TrainerScaling(string dataRoot, SelfCommand? self = null) : IDisposable
{
    private FashionMNIST? data;
    private readonly Dictionary<string, IBatchSource> jobData = [];

    /// <summary>A fresh trainer for one configuration, warmed up on the first global batches of the benchmark's order.</summary>
    internal IScalingRunner Start(string mode, int devices, ScalingWorkload workload, int batch, int warmup)
    {
        var source = Source(workload);
        var dp = Create(workload.Build(), source, mode, devices);
        try
        {
            var runner = new Runner(dp, ScalingResult.Of(ScalingSystems.Trainer, mode, devices, workload, batch), source.Count, batch);
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
    internal IScalingRunner StartCluster(ScalingWorkload workload, int batch, int warmup)
    {
        var command = workload.Job is null ? SelfCommand.Trainer()
            : self ?? throw new InvalidOperationException($"the cluster rows of job '{workload.Label}' need the job's own executable for their workers, and this process is not one");
        return ClusterScaling.Start(workload, Source(workload), command, batch, warmup);
    }

    /// <summary>The workload's training data, made on first use (`--systems pytorch` never needs it) and kept for its other configurations.</summary>
    private IBatchSource Source(ScalingWorkload workload)
    {
        if (workload.Job is null)
        {
            data ??= new FashionMNIST(dataRoot, train: true);
            return new TensorBatchSource(data.images, data.targets);
        }
        if (!jobData.TryGetValue(workload.Job, out var source))
            jobData[workload.Job] = source = workload.Build().TrainData() ?? throw new ArgumentException($"job {workload.Job}: TrainData returned no source");
        return source;
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

    public void Dispose()
    {
        foreach (var source in jobData.Values) (source as IDisposable)?.Dispose();
        data?.Dispose();
    }

    /// <summary>`bench memory`: whole epochs of <paramref name="job"/> on one trainer, VmRSS sampled after each.</summary>
    internal static MemoryReport MeasureMemory(TrainingJob job, string mode, int devices, int batch, int epochs, TextWriter log)
    {
        if (epochs < 3) throw new ArgumentException($"--epochs must be at least 3 to see growth after the second epoch, got {epochs}");
        if (devices < 1) throw new ArgumentException($"--devices must be at least 1, got {devices}");
        if (batch < 1) throw new ArgumentException($"--batch-size must be at least 1, got {batch}");
        var source = job.TrainData() ?? throw new ArgumentException($"job {job.Name}: TrainData returned no source");
        try
        {
            using var dp = Create(job, source, mode, devices);
            var random = new Random(0);
            log.WriteLine($"{epochs} epochs, {devices} devices, {mode}, batch {batch}, job {job.Name}");
            return MemoryReport.Measure(epochs, _ => dp.RunEpoch(BatchOrder.Shuffle(source.Count, random), batch), log);
        }
        finally
        {
            (source as IDisposable)?.Dispose();
        }
    }

    /// <summary>The book's MLP of width <paramref name="hidden"/> on <paramref name="data"/>, as the MLP cells train it.</summary>
    internal static DataParallelTrainer Create(FashionMNIST data, string mode, int devices, int hidden) =>
        Create(BookJobs.Create(ScalingWorkload.MlpModel, hidden), new TensorBatchSource(data.images, data.targets), mode, devices);

    /// <summary><paramref name="job"/>'s model, loss and optimizer on <paramref name="devices"/> CPU replicas, seeded as every system of the benchmark is.</summary>
    internal static DataParallelTrainer Create(TrainingJob job, IBatchSource source, string mode, int devices)
    {
        torch.manual_seed(0);
        return DataParallelTrainer.Create(new DataParallelOptions(
            job.Model,
            job.Loss,
            job.Optimizer,
            DeviceSpecs.Parse(string.Join(',', Enumerable.Range(0, devices).Select(i => $"cpu:{i}"))),
            source,
            DataParallelModes.Parse(mode)));
    }
}

using Trainer.Shared.Data;
using System.Text.Json;
using Trainer.Coordinator.Telemetry;
using Trainer.Coordinator.Training;
using Trainer.Shared.Telemetry;
using Trainer.Worker;

namespace Trainer.Coordinator.DataParallel;

/// <summary>
/// `trainer train` over several devices: the single-device run's data, model, optimizer,
/// progress display and outputs (model.pt, summary.json), with each global batch trained by a
/// <see cref="DataParallelTrainer"/>; trace.json holds every device's timeline.
/// </summary>
internal static class DataParallelRun
{
    /// <param name="remote">The cluster's devices (their stand-ins), or null for devices in this process.</param>
    /// <param name="trace">The run's recorder, when its clock must start earlier (the cluster's, whose workers' clocks are probed from their join); else a new one.</param>
    /// <param name="remoteTelemetry">The cluster's: the workers' spans, traffic and clocks, for summary.json and trace.json.</param>
    internal static TrainingRun.Summary Run(TrainOptions options, IReadOnlyList<DeviceSpec> devices, IProgressSink progress, RemoteDevices? remote = null,
        TraceRecorder? trace = null, IRemoteTelemetry? remoteTelemetry = null)
    {
        var mode = DataParallelModes.Parse(options.Mode);
        var balance = ShardBalances.Parse(options.Balance);
        if (options.Out is not null) Directory.CreateDirectory(options.Out);
        if (options.Threads is int threads) torch.set_num_threads(threads);
        torch.manual_seed((long)options.Seed);
        using var data = new TrainingData(options.DataRoot, torch.CPU);
        var testLoader = new TensorDataLoader(data.TestX, data.TestY, Math.Max(options.BatchSize, 1024));
        trace ??= new TraceRecorder();

        using var dp = DataParallelTrainer.Create(new DataParallelOptions(
            options.Net.Create,
            () => nn.CrossEntropyLoss(),
            ps => torch.optim.SGD(ps, options.Lr),
            devices,
            new TensorBatchSource(data.TrainX, data.TrainY),
            mode, trace, options.Failure, Balance: balance, Remote: remote, StepDeadline: options.StepDeadline));

        var names = devices.Select(d => d.Name).ToArray();
        progress.Message($"training {options.ModelName} on {string.Join(",", names)} ({mode.Name()}, {balance.Name()} shards, one thread per CPU replica): "
            + $"{data.TrainCount} images, batch {options.BatchSize}, lr {options.Lr}");
        var epochs = new List<EpochStats>();
        var reported = 0;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var order = SampleOrder.Shuffled(data.TrainCount, options.Seed, epoch - 1);
            progress.EpochStarted(epoch, options.Epochs, (order.Length + options.BatchSize - 1) / options.BatchSize);
            var r = dp.RunEpoch(order, options.BatchSize, p =>
            {
                for (; reported < dp.Failures.Count; reported++) progress.Message($"device failure: {dp.Failures[reported]}; its work was redone on the others");
                progress.Batch(new EpochRunner.Progress(p.Batch, p.Batches, p.Loss, p.Accuracy, p.SamplesPerSec));
            });
            var testAcc = EpochRunner.Accuracy(dp.MasterModel, testLoader);
            var stats = new EpochStats(epoch, r.Loss, r.Accuracy, testAcc, r.SamplesPerSec, r.Seconds);
            epochs.Add(stats);
            progress.EpochDone(stats, options.Epochs);
        }

        var last = epochs[^1];
        remoteTelemetry?.Gather();
        var timings = DeviceTiming.From(trace.Spans);
        if (remoteTelemetry is not null) timings = remoteTelemetry.Annotate(timings);
        var summary = new TrainingRun.Summary(last.TestAccuracy, last.TrainAccuracy, last.Loss,
            options.ModelDescription, InputPreprocessing.FashionMnist, dp.StepsApplied,
            options.BatchSize, options.Lr, options.Seed, timings, 1, epochs, mode.Name(), dp.Failures.ToArray(),
            new SortedDictionary<string, long>(dp.SamplesByDevice.ToDictionary(), StringComparer.Ordinal));
        if (options.Out is not null) progress.Message(RunOutputs.Write(options.Out, dp.MasterModel, summary, trace));
        return summary;
    }
}

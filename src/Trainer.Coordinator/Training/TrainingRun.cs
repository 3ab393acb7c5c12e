using Trainer.Shared.Data;
using System.Text.Json.Serialization;
using Trainer.Coordinator.Telemetry;
using Trainer.Shared.Telemetry;

namespace Trainer.Coordinator.Training;

/// <summary>
/// `train` on one device, for any job: its model, loss, optimizer and data; an evaluation on
/// its test data (if any) after each epoch; model.pt, summary.json and trace.json in --out.
/// Several devices, or checkpoints, go to <see cref="DataParallel.DataParallelRun"/>.
/// </summary>
internal static class TrainingRun
{
    internal sealed record Summary(
        [property: JsonPropertyName("job")] string Job,
        [property: JsonPropertyName("test_accuracy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TestAccuracy,
        [property: JsonPropertyName("test_loss"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TestLoss,
        [property: JsonPropertyName("train_accuracy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TrainAccuracy,
        [property: JsonPropertyName("loss")] double Loss,
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Input,
        [property: JsonPropertyName("steps_applied")] long StepsApplied,
        [property: JsonPropertyName("batch_size")] int BatchSize,
        [property: JsonPropertyName("seed")] int Seed,
        [property: JsonPropertyName("devices")] IReadOnlyList<DeviceTiming> Devices,
        [property: JsonPropertyName("threads")] int Threads,
        [property: JsonPropertyName("epochs")] IReadOnlyList<EpochStats> Epochs,
        [property: JsonPropertyName("mode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mode = null,
        [property: JsonPropertyName("failures")] IReadOnlyList<string>? Failures = null,
        [property: JsonPropertyName("samples_by_device"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, long>? SamplesByDevice = null,
        [property: JsonPropertyName("resumed_from_step"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ResumedFromStep = null);

    internal static Summary Run(TrainingJob job, TrainOptions options, IProgressSink progress)
    {
        options.Validate();
        job.Validate();
        // Checkpoints are the data-parallel run's (its master, optimizer and batches are what a
        // checkpoint holds), so a single device with checkpoints trains there, as one replica:
        // the same updates as the loop below (the equivalence tests check 1 device to 1e-5).
        var replicas = Trainer.Worker.DeviceSpecs.Parse(options.Devices);
        var device = replicas.Count > 1 ? torch.CPU : options.ParseDevice();
        options.CheckWritable();
        using var data = new JobData(job);
        var trace = new TraceRecorder();
        using var tensorBoard = options.OpenTensorBoard();
        progress = options.WithTensorBoard(progress, tensorBoard, trace, data.Train.Count);
        if (replicas.Count > 1 || options.Checkpoints is not null)
            return DataParallel.DataParallelRun.Run(job, options, replicas, progress, trace: trace, data: data);

        if (options.Threads is int threads) torch.set_num_threads(threads);
        torch.manual_seed((long)options.Seed);
        using var net = job.Model();
        net.to(device);
        using var loss = job.Loss();
        using var optimizer = job.Optimizer(net.parameters());
        var batches = EpochRunner.Batches(data.Train.Count, options.BatchSize);

        progress.Message($"training the job {job.Name} on {device} ({torch.get_num_threads()} threads): {data.Train.Count} samples, batch {options.BatchSize}");
        var epochs = new List<EpochStats>();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            progress.EpochStarted(epoch, options.Epochs, batches);
            var order = SampleOrder.Shuffled(data.Train.Count, options.Seed, epoch - 1);
            var (l, acc, samples, seconds) = EpochRunner.Train(net, loss, optimizer, data.Train, order, options.BatchSize, device, data.ClassIndices,
                progress.Batch, trace, device.ToString(), (epoch - 1L) * batches);
            var test = data.Test is null ? ((double, double?)?)null : EpochRunner.Evaluate(net, loss, data.Test, EvalBatch(options), device, data.ClassIndices);
            var stats = new EpochStats(epoch, l, acc, test?.Item2, samples / seconds, seconds, test?.Item1);
            epochs.Add(stats);
            progress.EpochDone(stats, options.Epochs);
        }

        var summary = Summarize(job, options, epochs, epochs.Count * batches, DeviceTiming.From(trace.Spans), torch.get_num_threads());
        if (options.Out is not null) progress.Message(RunOutputs.Write(options.Out, net, summary, trace));
        return summary;
    }

    /// <summary>The batch of an evaluation: larger than training's (no gradients are kept).</summary>
    internal static int EvalBatch(TrainOptions options) => Math.Max(options.BatchSize, 1024);

    /// <summary>summary.json's figures for a finished run; the last epoch's are the run's.</summary>
    internal static Summary Summarize(TrainingJob job, TrainOptions options, IReadOnlyList<EpochStats> epochs, long stepsApplied, IReadOnlyList<DeviceTiming> devices, int threads,
        string? mode = null, IReadOnlyList<string>? failures = null, IReadOnlyDictionary<string, long>? samplesByDevice = null, long? resumedFrom = null)
    {
        var last = epochs[^1];
        return new Summary(job.Name, last.TestAccuracy, last.TestLoss, last.TrainAccuracy, last.Loss, ModelDescription(job), job.Input, stepsApplied,
            options.BatchSize, options.Seed, devices, threads, epochs, mode, failures ?? [], samplesByDevice, resumedFrom);
    }

    /// <summary>summary.json's "model": the job's description, or else its parameters.</summary>
    internal static string ModelDescription(TrainingJob job)
    {
        if (job.Description is string d) return d;
        using var scope = torch.NewDisposeScope();
        using var model = job.Model();
        return $"{job.Name}: " + string.Join(", ", model.named_parameters().Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}]"));
    }
}

using Trainer.Shared.Data;
using System.Text.Json;
using System.Text.Json.Serialization;
using Trainer.Coordinator.Telemetry;
using Trainer.Shared.Telemetry;

namespace Trainer.Coordinator.Training;

/// <summary>
/// `trainer train` on one device: Fashion-MNIST, the concise MLP, SGD, cross-entropy; an
/// evaluation on the test set after each epoch; model.pt and summary.json in --out.
/// </summary>
internal static class TrainingRun
{
    internal sealed record Summary(
        [property: JsonPropertyName("test_accuracy")] double TestAccuracy,
        [property: JsonPropertyName("train_accuracy")] double TrainAccuracy,
        [property: JsonPropertyName("loss")] double Loss,
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] InputPreprocessing Input,
        [property: JsonPropertyName("steps_applied")] long StepsApplied,
        [property: JsonPropertyName("batch_size")] int BatchSize,
        [property: JsonPropertyName("lr")] double Lr,
        [property: JsonPropertyName("seed")] int Seed,
        [property: JsonPropertyName("devices")] IReadOnlyList<DeviceTiming> Devices,
        [property: JsonPropertyName("threads")] int Threads,
        [property: JsonPropertyName("epochs")] IReadOnlyList<EpochStats> Epochs,
        [property: JsonPropertyName("mode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mode = null,
        [property: JsonPropertyName("failures"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Failures = null,
        [property: JsonPropertyName("samples_by_device"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, long>? SamplesByDevice = null,
        [property: JsonPropertyName("resumed_from_step"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ResumedFromStep = null);

    internal static Summary Run(TrainOptions options, IProgressSink progress)
    {
        options.Validate();
        // Checkpoints are the data-parallel run's (its master, optimizer and batches are what a
        // checkpoint holds), so a single device with checkpoints trains there, as one replica:
        // the same updates as the loop below (the equivalence tests check 1 device to 1e-5).
        var replicas = Trainer.Worker.DeviceSpecs.Parse(options.Devices);
        if (replicas.Count > 1 || options.Checkpoints is not null)
            return DataParallel.DataParallelRun.Run(options, replicas, progress);
        var device = options.ParseDevice();
        if (options.Out is not null) Directory.CreateDirectory(options.Out);

        if (options.Threads is int threads) torch.set_num_threads(threads);
        torch.manual_seed((long)options.Seed);
        using var data = new TrainingData(options.DataRoot, device);
        var trainLoader = new TensorDataLoader(data.TrainX, data.TrainY, options.BatchSize, shuffle: true, seed: options.Seed);
        var testLoader = new TensorDataLoader(data.TestX, data.TestY, Math.Max(options.BatchSize, 1024));

        using var net = options.Net.Create();
        net.to(device);
        using var loss = nn.CrossEntropyLoss();
        using var optimizer = torch.optim.SGD(net.parameters(), options.Lr);

        progress.Message($"training {options.ModelName} on {device} ({torch.get_num_threads()} threads): {data.TrainCount} images, batch {options.BatchSize}, lr {options.Lr}");
        var epochs = new List<EpochStats>();
        var trace = new TraceRecorder();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            progress.EpochStarted(epoch, options.Epochs, trainLoader.Count);
            var (l, acc, samples, seconds) = EpochRunner.Train(net, loss, optimizer, trainLoader, progress.Batch,
                trace, device.ToString(), (epoch - 1L) * trainLoader.Count);
            var testAcc = EpochRunner.Accuracy(net, testLoader);
            var stats = new EpochStats(epoch, l, acc, testAcc, samples / seconds, seconds);
            epochs.Add(stats);
            progress.EpochDone(stats, options.Epochs);
        }

        var last = epochs[^1];
        var summary = new Summary(last.TestAccuracy, last.TrainAccuracy, last.Loss,
            options.ModelDescription, InputPreprocessing.FashionMnist, epochs.Count * trainLoader.Count,
            options.BatchSize, options.Lr, options.Seed, DeviceTiming.From(trace.Spans), torch.get_num_threads(), epochs);
        if (options.Out is not null) progress.Message(RunOutputs.Write(options.Out, net, summary, trace));
        return summary;
    }
}

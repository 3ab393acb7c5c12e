using System.Text.Json.Serialization;

namespace Trainer.Coordinator.Training;

/// <summary>
/// One epoch's figures, as summary.json lists them. The accuracies are there only where the
/// targets are class indices; the test figures only where the job has test data.
/// </summary>
internal sealed record EpochStats(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("loss")] double Loss,
    [property: JsonPropertyName("train_accuracy")] double? TrainAccuracy,
    [property: JsonPropertyName("test_accuracy")] double? TestAccuracy,
    [property: JsonPropertyName("samples_per_sec")] double SamplesPerSec,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("test_loss")] double? TestLoss = null);

using System.Text.Json.Serialization;
using Trainer.Coordinator.Training;

namespace Trainer.Coordinator.Checkpoints;

/// <summary>
/// Where a run stood when its checkpoint was written: after <see cref="BatchInEpoch"/> of the
/// <see cref="BatchesPerEpoch"/> global batches of epoch <see cref="Epoch"/> (counted from 1),
/// <see cref="GlobalStep"/> steps into the run, each applied once (<see cref="StepsApplied"/>).
/// The data order is not stored but re-derived (SampleOrder.Shuffled of the seed and the epoch);
/// <see cref="OrderHead"/> holds the first indices of the epoch's order so that a resume with
/// another seed or data set is refused instead of silently training on other batches.
/// <see cref="Epochs"/>: the figures of the epochs already finished, for summary.json.
/// </summary>
internal sealed record CheckpointProgress(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("batch_in_epoch")] long BatchInEpoch,
    [property: JsonPropertyName("batches_per_epoch")] long BatchesPerEpoch,
    [property: JsonPropertyName("global_step")] long GlobalStep,
    [property: JsonPropertyName("steps_applied")] long StepsApplied,
    [property: JsonPropertyName("seed")] int Seed,
    [property: JsonPropertyName("batch_size")] int BatchSize,
    [property: JsonPropertyName("samples")] long Samples,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("order_head")] long[] OrderHead,
    [property: JsonPropertyName("optimizer_files")] string[] OptimizerFiles,
    [property: JsonPropertyName("epochs")] EpochStats[] Epochs)
{
    /// <summary>Indices of an epoch's order kept in <see cref="OrderHead"/>.</summary>
    public const int OrderHeadLength = 8;
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Trainer.Coordinator.Checkpoints;

/// <summary>
/// checkpoint.json, a checkpoint folder's last-written file: the format, the run's progress and
/// every other file with its size and hash. A folder is complete when this parses and every
/// file it lists matches.
/// </summary>
internal sealed record CheckpointManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("progress")] CheckpointProgress Progress,
    [property: JsonPropertyName("files")] CheckpointFile[] Files)
{
    public const string FileName = "checkpoint.json";
    public const int CurrentFormat = 1;

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
}

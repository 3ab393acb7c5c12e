using System.Text.Json.Serialization;

namespace Trainer.Coordinator.Telemetry;

/// <summary>
/// A remote device's tensor traffic in summary.json: the gradient and weights payload (float32
/// values, not the gRPC framing) it moved, over the steps it uploaded a gradient for. With no
/// step redone, a step moves one gradient up and one weights version down.
/// </summary>
public sealed record DeviceTraffic(
    [property: JsonPropertyName("steps")] long Steps,
    [property: JsonPropertyName("gradient_bytes")] long GradientBytes,
    [property: JsonPropertyName("weights_bytes")] long WeightsBytes,
    [property: JsonPropertyName("gradient_bytes_per_step")] double GradientBytesPerStep,
    [property: JsonPropertyName("weights_bytes_per_step")] double WeightsBytesPerStep,
    [property: JsonPropertyName("bytes_per_step")] double BytesPerStep);

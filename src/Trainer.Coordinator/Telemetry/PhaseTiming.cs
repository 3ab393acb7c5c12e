using System.Text.Json.Serialization;

namespace Trainer.Coordinator.Telemetry;

/// <summary>One phase on one track as summary.json shows it.</summary>
public sealed record PhaseTiming(
    [property: JsonPropertyName("p50_ms")] double P50Ms,
    [property: JsonPropertyName("p95_ms")] double P95Ms,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("total_ms")] double TotalMs);

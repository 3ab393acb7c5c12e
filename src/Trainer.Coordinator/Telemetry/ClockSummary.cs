using System.Text.Json.Serialization;

namespace Trainer.Coordinator.Telemetry;

/// <summary>
/// How a remote device's spans were put on the coordinator's clock (summary.json): its worker's
/// estimated offset, the bound on that estimate's error, and the probes it was chosen from
/// (<see cref="ClockEstimate"/>). trace.json's times of that device are right to within the bound.
/// </summary>
public sealed record ClockSummary(
    [property: JsonPropertyName("offset_ms")] double OffsetMs,
    [property: JsonPropertyName("error_bound_ms")] double ErrorBoundMs,
    [property: JsonPropertyName("probes")] int Probes)
{
    public static ClockSummary From(ClockEstimate clock) =>
        new(Math.Round(clock.OffsetUs / 1000, 4), Math.Ceiling(clock.ErrorBoundUs) / 1000, clock.Samples);
}

using System.Text.Json.Serialization;
using Trainer.Shared.Telemetry;

namespace Trainer.Coordinator.Telemetry;

/// <summary>
/// A track's entry in summary.json's "devices": its phases by name (p50/p95/count) and the
/// share of its wall time spent idle. The coordinator is a track like the devices. A device on
/// a worker also has its tensor traffic (<see cref="Network"/>) and the clock correction its
/// spans got (<see cref="Clock"/>).
/// </summary>
public sealed record DeviceTiming(
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("phases")] IReadOnlyDictionary<string, PhaseTiming> Phases,
    [property: JsonPropertyName("idle_share")] double IdleShare,
    [property: JsonPropertyName("network"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeviceTraffic? Network = null,
    [property: JsonPropertyName("clock"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ClockSummary? Clock = null)
{
    /// <summary>Devices in their natural order, the coordinator last.</summary>
    public static IReadOnlyList<DeviceTiming> From(IEnumerable<SpanRecord> spans) =>
        PhaseStats.Summarize(spans)
            .OrderBy(t => t.Track == "coordinator" ? 1 : 0).ThenBy(t => t.Track, StringComparer.Ordinal)
            .Select(t => new DeviceTiming(t.Track,
                t.Phases.ToDictionary(p => p.Phase, p => new PhaseTiming(Round(p.P50Ms), Round(p.P95Ms), p.Count, Round(p.TotalMs))),
                Math.Round(t.IdleShare, 4)))
            .ToList();

    private static double Round(double ms) => Math.Round(ms, 4);
}

namespace Trainer.Shared.Telemetry;

/// <summary>p50/p95 of one phase on one track, in milliseconds.</summary>
public sealed record PhaseSummary(string Phase, int Count, double P50Ms, double P95Ms, double TotalMs);

/// <summary>A track's phase summaries and the share of its wall time spent idle.</summary>
public sealed record TrackSummary(string Track, IReadOnlyList<PhaseSummary> Phases, double IdleShare);

/// <summary>Summarizes recorded spans per track and phase, for summary.json.</summary>
public static class PhaseStats
{
    public static IReadOnlyList<TrackSummary> Summarize(IEnumerable<SpanRecord> spans)
    {
        var result = new List<TrackSummary>();
        foreach (var track in spans.GroupBy(s => s.Track).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var phases = track.GroupBy(s => s.Phase).OrderBy(g => g.Key)
                .Select(g =>
                {
                    var ms = g.Select(s => s.DurationUs / 1000.0).OrderBy(x => x).ToArray();
                    return new PhaseSummary(g.Key.Name(), ms.Length, Percentile(ms, 0.50), Percentile(ms, 0.95), ms.Sum());
                })
                .ToList();
            var wall = track.Max(s => s.EndUs) - track.Min(s => s.StartUs);
            var idle = track.Where(s => s.Phase == Phase.Idle).Sum(s => s.DurationUs);
            result.Add(new TrackSummary(track.Key, phases, wall > 0 ? idle / wall : 0));
        }
        return result;
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(IReadOnlyList<double> ascending, double q)
    {
        if (ascending.Count == 0) return 0;
        var rank = (int)Math.Ceiling(q * ascending.Count);
        return ascending[Math.Clamp(rank - 1, 0, ascending.Count - 1)];
    }
}

using System.Globalization;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The issue's targets, checked on the measured figures: Trainer on 2 devices at least 1.8×
/// Trainer on 1 at batch 2048 (1.6× at batch 256), and Trainer on 2 devices at least as fast
/// as the best PyTorch configuration on as many cores (at most 2 threads or processes: with
/// --devices 1,2,4,8 a PyTorch run on 8 threads is no peer for 2 devices) in every cell. Each
/// Trainer mode is judged on its own.
/// With several rounds, each ratio is taken within a round (figures measured seconds apart,
/// under the same load) and the verdict is on the median ratio over the rounds.
/// </summary>
public static class ScalingTargets
{
    /// <summary>One target: <see cref="Value"/> (a ratio) against <see cref="Need"/>; <see cref="Ceiling"/>, for a speed-up, what the machine allowed.</summary>
    public sealed record Check(string Subject, string Against, double Value, double Need, double? Ceiling = null)
    {
        public bool Met => Value >= Need;

        public string Description => string.Create(CultureInfo.InvariantCulture,
            $"{Subject}: 2 devices {Value:F2}× of {Against} (target ≥ {Need.ToString(Need == 1 ? "F2" : "F1", CultureInfo.InvariantCulture)}×)")
            + (Ceiling is double c ? string.Create(CultureInfo.InvariantCulture, $"; independent processes reached {c:F2}×") : "");
    }

    /// <summary>The checks on one set of figures (one round, or medians).</summary>
    public static IReadOnlyList<Check> Evaluate(IReadOnlyList<ScalingResult> results)
    {
        var checks = new List<Check>();
        foreach (var cell in ScalingTable.Cells(results))
        {
            foreach (var two in cell.Where(r => r.System == "trainer" && r.Devices == 2))
            {
                var bestPytorch = cell.Where(r => r.System == "pytorch" && r.Devices <= two.Devices).MaxBy(r => r.SamplesPerSec);
                var one = ScalingTable.Baseline(cell, two);
                var where = $"hidden {two.Hidden}, batch {two.Batch}, trainer {two.Mode}";
                if (one is not null)
                    checks.Add(new Check(where, "1", two.SamplesPerSec / one.SamplesPerSec, two.Batch >= 2048 ? 1.8 : 1.6,
                        ScalingTable.CeilingSpeedup(cell, 2)));
                if (bestPytorch is not null)
                    checks.Add(new Check(where, $"best PyTorch ({bestPytorch.Config})", two.SamplesPerSec / bestPytorch.SamplesPerSec, 1.0));
            }
        }
        return checks;
    }

    /// <summary>
    /// The checks of every round, combined: per target, the median of its per-round ratios (with
    /// one round, that round's checks). The PyTorch peer named is the one best in most rounds.
    /// </summary>
    public static IReadOnlyList<Check> EvaluateRounds(IReadOnlyList<IReadOnlyList<ScalingResult>> rounds)
    {
        return rounds.SelectMany(Evaluate)
            .GroupBy(c => (c.Subject, Peer: c.Against.StartsWith("best PyTorch", StringComparison.Ordinal)))
            .Select(g =>
            {
                var against = g.GroupBy(c => c.Against).MaxBy(a => a.Count())!.Key;
                var ceilings = g.Where(c => c.Ceiling is not null).Select(c => c.Ceiling!.Value).ToList();
                return new Check(g.Key.Subject, against, Median(g.Select(c => c.Value)), g.First().Need,
                    ceilings.Count > 0 ? Median(ceilings) : null);
            })
            .ToList();
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static void Write(TextWriter w, IReadOnlyList<Check> checks)
    {
        foreach (var c in checks)
            w.WriteLine($"{(c.Met ? "met   " : "MISSED")} {c.Description}");
    }
}

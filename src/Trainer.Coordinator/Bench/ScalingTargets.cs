using System.Globalization;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The issue's targets, checked on the measured figures: Trainer on 2 devices at least 1.8×
/// Trainer on 1 at batch 2048 (1.6× at batch 256), and Trainer on 2 devices at least as fast
/// as the best PyTorch configuration in every cell. Each Trainer mode is judged on its own.
/// </summary>
public static class ScalingTargets
{
    public sealed record Check(string Description, bool Met);

    public static IReadOnlyList<Check> Evaluate(IReadOnlyList<ScalingResult> results)
    {
        var checks = new List<Check>();
        foreach (var cell in ScalingTable.Cells(results))
        {
            var bestPytorch = cell.Where(r => r.System == "pytorch").MaxBy(r => r.SamplesPerSec);
            foreach (var two in cell.Where(r => r.System == "trainer" && r.Devices == 2))
            {
                var one = ScalingTable.Baseline(cell, two);
                var where = $"hidden {two.Hidden}, batch {two.Batch}, trainer {two.Mode}";
                if (one is not null)
                {
                    var need = two.Batch >= 2048 ? 1.8 : 1.6;
                    var speedup = two.SamplesPerSec / one.SamplesPerSec;
                    checks.Add(new Check(string.Create(CultureInfo.InvariantCulture,
                        $"{where}: 2 devices {speedup:F2}× of 1 (target ≥ {need:F1}×)"), speedup >= need));
                }
                if (bestPytorch is not null)
                {
                    var ratio = two.SamplesPerSec / bestPytorch.SamplesPerSec;
                    checks.Add(new Check(string.Create(CultureInfo.InvariantCulture,
                        $"{where}: 2 devices {ratio:F2}× of best PyTorch ({bestPytorch.Config}) (target ≥ 1.00×)"), ratio >= 1.0));
                }
            }
        }
        return checks;
    }

    public static void Write(TextWriter w, IReadOnlyList<Check> checks)
    {
        foreach (var c in checks)
            w.WriteLine($"{(c.Met ? "met   " : "MISSED")} {c.Description}");
    }
}

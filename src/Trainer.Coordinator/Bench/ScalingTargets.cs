using System.Globalization;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The issue's targets, checked on the measured figures, per cell and Trainer mode (each mode
/// judged on its own):
/// (a) Trainer on one device at least as fast as PyTorch on one thread;
/// (b) Trainer on one device at least 0.97× the plain TorchSharp loop: the harness's own cost;
/// (c) Trainer on N &gt; 1 devices at least as fast as the best PyTorch configuration on as many
///     cores (at most N threads or processes: with --devices 1,2,8 a PyTorch run on 8 threads is
///     no peer for 2 devices);
/// (d) Trainer on N devices at least 0.95× the ceiling: the better of N independent PyTorch
///     processes and N independent TorchSharp loops on their shares of every batch;
/// (e) Trainer as a coordinator and 2 worker processes (trainer-cluster) at least as fast as
///     PyTorch DDP with 2 Gloo processes.
/// With several rounds, each ratio is taken within a round (figures measured in the same
/// seconds) and the verdict is on the median ratio over the rounds.
/// </summary>
public static class ScalingTargets
{
    public const double OneDeviceOverPyTorch = 1.0, OneDeviceOverLoop = 0.97, OverBestPyTorch = 1.0, OverCeiling = 0.95, ClusterOverDdp = 1.0;

    /// <summary>One target: <see cref="Subject"/>'s samples/s over <see cref="Against"/>'s (<see cref="Value"/>) against <see cref="Need"/>.</summary>
    public sealed record Check(string Id, string Subject, string Against, double Value, double Need)
    {
        public bool Met => Value >= Need;

        public string Description => string.Create(CultureInfo.InvariantCulture,
            $"({Id}) {Subject}: {Value:F2}× {Against} (target ≥ {Need:F2}×)");
    }

    /// <summary>The checks on one set of figures (one round, or medians): per cell, per Trainer mode, (a) to (d).</summary>
    public static IReadOnlyList<Check> Evaluate(IReadOnlyList<ScalingResult> results)
    {
        var checks = new List<Check>();
        foreach (var cell in ScalingTable.Cells(results))
        {
            var pytorchOne = cell.FirstOrDefault(r => r.System == ScalingSystems.PyTorch && r.Mode == "threads" && r.Devices == 1);
            var loop = cell.FirstOrDefault(r => r.System == ScalingSystems.TorchSharp && r.Mode == ScalingSystems.Loop && r.Devices == 1);
            foreach (var mode in cell.Where(r => r.System == ScalingSystems.Trainer).Select(r => r.Mode).Distinct())
            {
                var trainer = cell.Where(r => r.System == ScalingSystems.Trainer && r.Mode == mode).OrderBy(r => r.Devices).ToList();
                foreach (var t in trainer)
                {
                    var subject = $"{t.Cell}, batch {t.Batch}, {t.Config}";
                    if (t.Devices == 1)
                    {
                        if (pytorchOne is not null)
                            checks.Add(new Check("a", subject, pytorchOne.Config, t.SamplesPerSec / pytorchOne.SamplesPerSec, OneDeviceOverPyTorch));
                        if (loop is not null)
                            checks.Add(new Check("b", subject, loop.Config, t.SamplesPerSec / loop.SamplesPerSec, OneDeviceOverLoop));
                        continue;
                    }
                    var bestPytorch = cell.Where(r => r.System == ScalingSystems.PyTorch && r.Devices <= t.Devices).MaxBy(r => r.SamplesPerSec);
                    if (bestPytorch is not null)
                        checks.Add(new Check("c", subject, $"best PyTorch ({bestPytorch.Config})", t.SamplesPerSec / bestPytorch.SamplesPerSec, OverBestPyTorch));
                    var ceiling = cell.Where(r => r.System == ScalingSystems.Ceiling && r.Devices == t.Devices).MaxBy(r => r.SamplesPerSec);
                    if (ceiling is not null)
                        checks.Add(new Check("d", subject, $"the ceiling ({ceiling.Config})", t.SamplesPerSec / ceiling.SamplesPerSec, OverCeiling));
                }
            }
            foreach (var c in cell.Where(r => r.System == ScalingSystems.TrainerCluster))
            {
                var ddp = cell.FirstOrDefault(r => r.System == ScalingSystems.PyTorch && r.Mode == "ddp" && r.Devices == c.Devices);
                if (ddp is not null)
                    checks.Add(new Check("e", $"{c.Cell}, batch {c.Batch}, {c.Config}", ddp.Config, c.SamplesPerSec / ddp.SamplesPerSec, ClusterOverDdp));
            }
        }
        return checks;
    }

    /// <summary>
    /// The checks of every round, combined: per target, the median of its per-round ratios (with
    /// one round, that round's checks). The peer named (best PyTorch, the better ceiling) is the
    /// one that was so in most rounds.
    /// </summary>
    public static IReadOnlyList<Check> EvaluateRounds(IReadOnlyList<IReadOnlyList<ScalingResult>> rounds) =>
        rounds.SelectMany(Evaluate)
            .GroupBy(c => (c.Id, c.Subject))
            .Select(g => g.First() with
            {
                Against = g.GroupBy(c => c.Against).MaxBy(a => a.Count())!.Key,
                Value = Median(g.Select(c => c.Value)),
            })
            .ToList();

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
        w.WriteLine(checks.Count == 0
            ? "no targets checked: they need Trainer and at least one of its peers (pytorch, torchsharp) in the same run"
            : $"{checks.Count(c => c.Met)} of {checks.Count} targets met");
    }
}

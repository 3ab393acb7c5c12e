using System.Globalization;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The printed table: samples/s per configuration and cell, the speedup over the same
/// system's one-device run (DDP is compared with PyTorch on one thread, its natural
/// baseline), and the efficiency against linear scaling (speedup / devices).
/// </summary>
public static class ScalingTable
{
    public static void Write(TextWriter w, IReadOnlyList<ScalingResult> results)
    {
        w.WriteLine($"{"hidden",6} {"batch",6}  {"config",-24} {"samples/s",11} {"speedup",8} {"eff.",6}");
        foreach (var cell in Cells(results))
        {
            foreach (var r in cell)
            {
                var baseline = Baseline(cell, r);
                var speedup = baseline is null ? double.NaN : r.SamplesPerSec / baseline.SamplesPerSec;
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Hidden,6} {r.Batch,6}  {r.Config,-24} {r.SamplesPerSec,11:N0} {Format(speedup, "F2", "×"),8} {Format(speedup / r.Devices * 100, "F0", "%"),6}"));
            }
            w.WriteLine();
        }
    }

    /// <summary>Results grouped by hidden x batch, in the order they were measured.</summary>
    public static IEnumerable<IReadOnlyList<ScalingResult>> Cells(IEnumerable<ScalingResult> results) =>
        results.GroupBy(r => (r.Hidden, r.Batch)).OrderBy(g => g.Key.Hidden).ThenBy(g => g.Key.Batch).Select(g => (IReadOnlyList<ScalingResult>)g.ToList());

    /// <summary>
    /// The system name of the machine's ceiling: N processes training their shares at once with
    /// no communication at all. Against PyTorch on one thread, its speed-up is the most that
    /// splitting the batch over these cores gives (at small batches, also bounded by Python's
    /// fixed cost per step, which does not shrink with the shard).
    /// </summary>
    public const string Ceiling = "ceiling";

    public static ScalingResult? Baseline(IEnumerable<ScalingResult> cell, ScalingResult r)
    {
        var pytorchLike = r.System is "pytorch" or Ceiling;
        var baseMode = pytorchLike ? "threads" : r.Mode;
        return cell.FirstOrDefault(b => b.System == (pytorchLike ? "pytorch" : r.System) && b.Mode == baseMode && b.Devices == 1);
    }

    /// <summary>The ceiling's speed-up over one PyTorch thread in <paramref name="cell"/> for <paramref name="devices"/>, if measured.</summary>
    public static double? CeilingSpeedup(IReadOnlyList<ScalingResult> cell, int devices)
    {
        var ceiling = cell.FirstOrDefault(r => r.System == Ceiling && r.Devices == devices);
        var one = ceiling is null ? null : Baseline(cell, ceiling);
        return one is null ? null : ceiling!.SamplesPerSec / one.SamplesPerSec;
    }

    private static string Format(double value, string format, string suffix) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) + suffix : "-";
}

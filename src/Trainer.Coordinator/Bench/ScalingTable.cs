using System.Globalization;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The printed table: samples/s per configuration and cell, the speedup over the same
/// system's one-device run (<see cref="Baseline"/>: DDP is compared with PyTorch on one thread,
/// its natural baseline), and the efficiency against linear scaling (speedup / devices).
/// </summary>
public static class ScalingTable
{
    public static void Write(TextWriter w, IReadOnlyList<ScalingResult> results)
    {
        var header = results.Any(r => r.Workload is not null) ? "hidden/job" : "hidden";
        var width = Math.Max(header.Length, results.Max(r => (int?)r.CellColumn.Length) ?? 0);
        w.WriteLine($"{header.PadLeft(width)} {"batch",6}  {"config",-24} {"samples/s",11} {"speedup",8} {"eff.",6}");
        foreach (var cell in Cells(results))
        {
            foreach (var r in cell)
            {
                var baseline = Baseline(cell, r);
                var speedup = baseline is null ? double.NaN : r.SamplesPerSec / baseline.SamplesPerSec;
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.CellColumn.PadLeft(width)} {r.Batch,6}  {r.Config,-24} {r.SamplesPerSec,11:N0} {Format(speedup, "F2", "×"),8} {Format(speedup / r.Devices * 100, "F0", "%"),6}"));
            }
            w.WriteLine();
        }
    }

    /// <summary>Results grouped by cell (the MLP's hidden size or the job, then batch): the MLP cells by hidden size, then the jobs' in the order measured.</summary>
    public static IEnumerable<IReadOnlyList<ScalingResult>> Cells(IEnumerable<ScalingResult> results) =>
        results.GroupBy(r => (r.Workload, r.Hidden, r.Batch)).OrderBy(g => g.Key.Workload is not null).ThenBy(g => g.Key.Hidden).ThenBy(g => g.Key.Batch)
            .Select(g => (IReadOnlyList<ScalingResult>)g.ToList());

    /// <summary>
    /// The one-device run a row's speed-up is taken over: Trainer's own mode on one device (ps
/// for the cluster rows);
    /// PyTorch on one thread for PyTorch's rows and its ceiling; the plain loop for the
    /// TorchSharp ceiling (so its speed-up is what splitting the batch gives with no harness).
    /// </summary>
    public static ScalingResult? Baseline(IEnumerable<ScalingResult> cell, ScalingResult r)
    {
        var (system, mode) = r switch
        {
            { System: ScalingSystems.Trainer } => (ScalingSystems.Trainer, r.Mode),
            // The cluster against the embedded harness on one device: what the processes and the wire give.
            { System: ScalingSystems.TrainerCluster } => (ScalingSystems.Trainer, "ps"),
            { System: ScalingSystems.TorchSharp } or { System: ScalingSystems.Ceiling, Mode: ScalingSystems.TorchSharp } => (ScalingSystems.TorchSharp, ScalingSystems.Loop),
            _ => (ScalingSystems.PyTorch, "threads"),
        };
        return cell.FirstOrDefault(b => b.System == system && b.Mode == mode && b.Devices == 1);
    }

    private static string Format(double value, string format, string suffix) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) + suffix : "-";
}

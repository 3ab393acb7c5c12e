namespace Trainer.Coordinator.Bench;

/// <summary>Measures one Trainer configuration on one cell and returns samples/s.</summary>
public delegate double TrainerMeasure(string mode, int devices, int hidden, int batch, int steps, int warmup);

/// <summary>
/// `trainer bench scaling`: every hidden x batch cell for Trainer (each mode x device count)
/// and, in the same run, PyTorch (1 and 2 threads in one process; DDP over 2 Gloo
/// processes), then the table, the target checks, DIR/scaling.csv and DIR/scaling.svg.
/// </summary>
public static class ScalingBench
{
    public const string CsvFile = "scaling.csv";
    public const string PlotFile = "scaling.svg";
    /// <summary>The ceiling rows (independent processes), apart: scaling.csv holds only the two systems compared.</summary>
    public const string CeilingCsvFile = "ceiling.csv";

    public static IReadOnlyList<ScalingResult> Run(ScalingOptions options, TrainerMeasure trainer, TextWriter log)
    {
        options.Validate();
        Directory.CreateDirectory(options.Out);
        log.WriteLine(options.Steps > 0
            ? $"each configuration: {options.Warmup} warm-up steps, then {options.Steps} timed steps (not a full epoch)"
            : $"each configuration: {options.Warmup} warm-up steps, then one epoch (60000 / batch steps) timed");
        // The PyTorch processes inherit OPENBLAS_CORETYPE from this one: both run these kernels.
        log.WriteLine($"OpenBLAS kernels, both systems: {Trainer.Torch.torch.openblas_coretype() ?? "none (another BLAS)"}");

        // The host's load drifts over minutes (and a 2-vCPU guest's second core is not always
        // as fast as its first): each round measures every configuration of both systems, cell
        // by cell, and the figure kept per configuration is its median over the rounds.
        var rounds = new List<IReadOnlyList<ScalingResult>>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            if (options.Rounds > 1) log.WriteLine($"round {round} of {options.Rounds}");
            rounds.Add(MeasureOnce(options, trainer, log));
        }
        var results = Medians(rounds.SelectMany(r => r));
        log.WriteLine();
        ScalingTable.Write(log, results);
        if (options.Rounds > 1) log.WriteLine($"targets on the median over {options.Rounds} rounds of each round's ratio:");
        ScalingTargets.Write(log, ScalingTargets.EvaluateRounds(rounds));
        ScalingCsv.Write(Path.Combine(options.Out, CsvFile), results.Where(r => r.System != ScalingTable.Ceiling));
        ScalingCsv.Write(Path.Combine(options.Out, CeilingCsvFile), results.Where(r => r.System == ScalingTable.Ceiling));
        ScalingPlot.Write(Path.Combine(options.Out, PlotFile), results);
        log.WriteLine($"wrote {Path.Combine(options.Out, CsvFile)}, {CeilingCsvFile} and {PlotFile}");
        return results;
    }

    /// <summary>
    /// One round: cell by cell, every Trainer configuration and then every PyTorch one (a
    /// process per configuration, measuring only this cell), so that the figures compared with
    /// each other are taken seconds apart, not minutes.
    /// </summary>
    private static List<ScalingResult> MeasureOnce(ScalingOptions options, TrainerMeasure trainer, TextWriter log)
    {
        var results = new List<ScalingResult>();
        foreach (var hidden in options.Hidden)
            foreach (var batch in options.Batch)
            {
                if (options.Trainer)
                    foreach (var mode in options.Modes)
                        foreach (var devices in options.Devices)
                        {
                            var steps = options.StepsFor(batch);
                            results.Add(Logged(log, new ScalingResult("trainer", mode, devices, batch, hidden, steps,
                                trainer(mode, devices, hidden, batch, steps, options.Warmup))));
                        }
                if (options.PyTorch)
                    foreach (var (mode, devices) in PyTorchConfigs(options.Devices))
                        foreach (var r in PyTorchPeer.Run(mode, devices, options with { Hidden = [hidden], Batch = [batch] }))
                            results.Add(Logged(log, r));
            }
        return results;
    }

    private static ScalingResult Logged(TextWriter log, ScalingResult r)
    {
        log.WriteLine($"  {r.Config,-24} hidden {r.Hidden,5} batch {r.Batch,5}: {r.SamplesPerSec,10:N0} samples/s");
        return r;
    }

    /// <summary>One result per configuration and cell, its samples/s the median over rounds (first-seen order).</summary>
    internal static List<ScalingResult> Medians(IEnumerable<ScalingResult> measured) =>
        measured.GroupBy(r => (r.System, r.Mode, r.Devices, r.Batch, r.Hidden))
            .Select(g => g.First() with { SamplesPerSec = ScalingTargets.Median(g.Select(r => r.SamplesPerSec)) })
            .ToList();

    /// <summary>
    /// PyTorch on 1 thread, and for each larger device count N: N threads, DDP with N processes,
    /// and the machine's ceiling (N independent processes on their shares, system "ceiling").
    /// </summary>
    private static IEnumerable<(string Mode, int Devices)> PyTorchConfigs(IReadOnlyList<int> devices)
    {
        yield return ("threads", 1);
        foreach (var n in devices.Where(d => d > 1).Distinct().Order())
        {
            yield return ("threads", n);
            yield return ("ddp", n);
            yield return ("independent", n);
        }
    }
}

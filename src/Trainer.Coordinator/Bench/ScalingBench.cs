namespace Trainer.Coordinator.Bench;

/// <summary>
/// `trainer bench scaling`: every cell (a workload, <see cref="ScalingWorkload"/>: the book's MLP at a
/// hidden size or a job, at one batch size) for Trainer (each mode x device count)
/// and, in the same run and interleaved with it, its peers: PyTorch (1 and 2 threads in one
/// process; DDP over 2 Gloo processes), the plain TorchSharp loop on one thread, and the
/// machine's ceiling both ways (2 independent PyTorch processes, 2 independent TorchSharp
/// loops, on half batches), and with --systems trainer-cluster a coordinator (this process)
/// with two worker processes; then the table, the target checks (<see cref="ScalingTargets"/>),
/// the cluster rows' transfer figures, DIR/scaling.csv, DIR/ceiling.csv, DIR/transfer.csv and
/// DIR/scaling.png and DIR/scaling.svg (<see cref="ScalingPlot"/>).
/// </summary>
public static class ScalingBench
{
    public const string CsvFile = "scaling.csv";
    /// <summary>The figure (<see cref="ScalingPlot"/>), as PNG and as SVG.</summary>
    public const string PlotPngFile = "scaling.png", PlotSvgFile = "scaling.svg";
    /// <summary>The ceiling rows (independent processes, both kinds), apart: scaling.csv holds the systems compared.</summary>
    public const string CeilingCsvFile = "ceiling.csv";
    /// <summary>The cluster rows' tensor traffic (time in transfer, bytes per device and step).</summary>
    public const string TransferCsvFile = "transfer.csv";

    /// <param name="cluster">Starts the trainer-cluster rows (with <see cref="ScalingOptions.Cluster"/>).</param>
    /// <param name="loop">Starts the plain loop and its ceiling (with <see cref="ScalingOptions.TorchSharp"/>); null: `trainer bench loop-peer` processes of trainer.dll.</param>
    public static IReadOnlyList<ScalingResult> Run(ScalingOptions options, TrainerStart trainer, TextWriter log, ClusterStart? cluster = null, LoopStart? loop = null)
    {
        if (options.Cluster && cluster is null) throw new ArgumentException("the cluster rows were asked for without a way to start them");
        loop ??= LoopPeer.Starter(SelfCommand.Trainer());
        options.Validate();
        Directory.CreateDirectory(options.Out);
        log.WriteLine((options.Steps > 0
            ? $"each configuration: {options.Warmup} warm-up steps, then {options.Steps} timed steps (not a full epoch)"
            : $"each configuration: {options.Warmup} warm-up steps, then one epoch (training samples / batch steps) timed")
            + $", in {options.Chunks} chunks taken in turn with the cell's other configurations");
        log.WriteLine($"Trainer and the plain loop (`bench loop-peer`, a job's `bench job-loop-peer`, a process each): TorchSharp on libtorch {torch.__version__} (MKL)"
            + (options.PyTorch ? $"; PyTorch peer: Debian's 1.13, OpenBLAS kernels {PeerBlas.ForPeer() ?? "of OpenBLAS's own choice"} (if its BLAS is OpenBLAS: the next line says)" : ""));

        // The host's load drifts over minutes (and a 2-vCPU guest's second core is not always
        // as fast as its first): each round measures every configuration of both systems, cell
        // by cell, and the figure kept per configuration is its median over the rounds.
        var rounds = new List<IReadOnlyList<ScalingResult>>();
        string? blasWarning = null;
        var blasLogged = false;
        void OnPyTorchStarted(PeerProcess peer)
        {
            if (blasLogged) return;
            blasLogged = true;
            var blas = PyTorchPeer.Blas(peer);
            log.WriteLine($"PyTorch peer's BLAS: {(blas.Count > 0 ? string.Join(", ", blas) : "not reported")}");
            if ((blasWarning = PyTorchPeer.BlasWarning(blas)) is not null) log.WriteLine(blasWarning);
        }
        for (var round = 1; round <= options.Rounds; round++)
        {
            if (options.Rounds > 1) log.WriteLine($"round {round} of {options.Rounds}");
            rounds.Add(MeasureOnce(options, trainer, cluster, loop, log, OnPyTorchStarted));
        }
        var results = Medians(rounds.SelectMany(r => r));
        log.WriteLine();
        ScalingTable.Write(log, results);
        if (options.Rounds > 1) log.WriteLine($"targets on the median over {options.Rounds} rounds of each round's ratio:");
        ScalingTargets.Write(log, ScalingTargets.EvaluateRounds(rounds));
        if (blasWarning is not null) log.WriteLine(blasWarning);
        ScalingCsv.Write(Path.Combine(options.Out, CsvFile), results.Where(r => r.System != ScalingSystems.Ceiling));
        ScalingCsv.Write(Path.Combine(options.Out, CeilingCsvFile), results.Where(r => r.System == ScalingSystems.Ceiling));
        var transfers = results.Where(r => r.Transfer is not null).ToList();
        foreach (var r in transfers)
            log.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{r.Config} {r.Cell}, batch {r.Batch}: {r.Transfer!.MsPerStep:F3} ms in transfer and {r.Transfer.BytesPerStep:N0} bytes moved per device and step"));
        if (transfers.Count > 0) ScalingCsv.WriteTransfer(Path.Combine(options.Out, TransferCsvFile), transfers);
        ScalingPlot.Write(Path.Combine(options.Out, PlotPngFile), Path.Combine(options.Out, PlotSvgFile), results);
        log.WriteLine($"wrote {Path.Combine(options.Out, CsvFile)}, {CeilingCsvFile}{(transfers.Count > 0 ? $", {TransferCsvFile}" : "")}, {PlotPngFile} and {PlotSvgFile}");
        return results;
    }

    /// <summary>
    /// One round, cell by cell: every configuration of the cell (Trainer's in this process, then
    /// the plain loop, PyTorch's and the ceilings, a process or processes each) is built and
    /// warmed up, then timed in <see cref="ScalingOptions.Chunks"/> chunks taken in turn, each
    /// round of chunks starting one configuration later. The guest's
    /// speed drifts within seconds; this way every configuration's figure is spread over the
    /// same stretch of time as the others', instead of each owning a few seconds of its own.
    /// </summary>
    private static List<ScalingResult> MeasureOnce(ScalingOptions options, TrainerStart trainer, ClusterStart? cluster, LoopStart loop, TextWriter log,
        Action<PeerProcess> onPyTorchStarted)
    {
        var results = new List<ScalingResult>();
        foreach (var workload in options.Workloads())
            foreach (var batch in options.Batch)
            {
                var runners = new List<IScalingRunner>();
                try
                {
                    if (options.Trainer)
                        foreach (var mode in options.Modes)
                            foreach (var devices in options.Devices)
                                runners.Add(trainer(mode, devices, workload, batch, options.Warmup));
                    if (options.Cluster)
                        runners.Add(cluster!(workload, batch, options.Warmup));
                    if (options.TorchSharp)
                        runners.Add(loop(workload, 1, batch, options.Warmup));
                    // Validate refused PyTorch for a workload it has no script for.
                    if (options.PyTorch)
                        foreach (var (mode, devices) in PyTorchConfigs(options.Devices))
                        {
                            var peer = PyTorchPeer.Start(mode, devices, workload, batch, options.Warmup, options.DataRoot);
                            runners.Add(peer);
                            onPyTorchStarted(peer);
                        }
                    if (options.TorchSharp)
                        foreach (var n in Parallel(options.Devices))
                            runners.Add(loop(workload, n, batch, options.Warmup));
                    results.AddRange(Interleaved(runners, options.StepsFor(batch, workload.TrainCount), options.Chunks).Select(r => Logged(log, r)));
                }
                finally
                {
                    foreach (var r in runners) r.Dispose();
                }
            }
        return results;
    }

    /// <summary>
    /// Times <paramref name="steps"/> steps of every runner, in <paramref name="chunks"/> near-equal
    /// chunks: chunk k of every runner before chunk k + 1 of any, runner order turning by one per chunk.
    /// </summary>
    internal static List<ScalingResult> Interleaved(IReadOnlyList<IScalingRunner> runners, int steps, int chunks)
    {
        chunks = Math.Min(chunks, steps);
        var seconds = new double[runners.Count];
        for (var k = 0; k < chunks; k++)
        {
            var chunk = steps / chunks + (k < steps % chunks ? 1 : 0);
            for (var i = 0; i < runners.Count; i++)
            {
                var at = (i + k) % runners.Count;
                seconds[at] += runners[at].Run(chunk);
            }
        }
        return runners.Select((r, i) => r.Config with { Steps = steps, SamplesPerSec = (double)steps * r.Config.Batch / seconds[i] }).ToList();
    }

    private static ScalingResult Logged(TextWriter log, ScalingResult r)
    {
        log.WriteLine($"  {r.Config,-24} {r.Cell,-12} batch {r.Batch,5}: {r.SamplesPerSec,10:N0} samples/s");
        return r;
    }

    /// <summary>One result per configuration and cell, its samples/s the median over rounds (first-seen order).</summary>
    internal static List<ScalingResult> Medians(IEnumerable<ScalingResult> measured) =>
        measured.GroupBy(r => (r.System, r.Mode, r.Devices, r.Batch, r.Hidden, r.Workload))
            .Select(g => g.First() with
            {
                SamplesPerSec = ScalingTargets.Median(g.Select(r => r.SamplesPerSec)),
                Transfer = g.All(r => r.Transfer is not null)
                    ? new TransferFigures(ScalingTargets.Median(g.Select(r => r.Transfer!.MsPerStep)), ScalingTargets.Median(g.Select(r => r.Transfer!.BytesPerStep)))
                    : null,
            })
            .ToList();

    /// <summary>
    /// PyTorch on 1 thread, and for each larger device count N: N threads, DDP with N processes,
    /// and the machine's ceiling (N independent processes on their shares, system "ceiling").
    /// </summary>
    private static IEnumerable<(string Mode, int Devices)> PyTorchConfigs(IReadOnlyList<int> devices)
    {
        yield return ("threads", 1);
        foreach (var n in Parallel(devices))
        {
            yield return ("threads", n);
            yield return ("ddp", n);
            yield return ("independent", n);
        }
    }

    /// <summary>The device counts over 1, each once, smallest first.</summary>
    private static IEnumerable<int> Parallel(IReadOnlyList<int> devices) => devices.Where(d => d > 1).Distinct().Order();
}

using Trainer.Coordinator.Bench;
using Trainer.Telemetry.Tests.Figures;

namespace Trainer.Telemetry.Tests;

public class ScalingReportTests
{
    private static readonly ScalingResult[] Results =
    {
        new("trainer", "ps", 1, 256, 256, 10, 1000),
        new("trainer", "ps", 2, 256, 256, 10, 1700),
        new("trainer", "allreduce", 1, 256, 256, 10, 980),
        new("trainer", "allreduce", 2, 256, 256, 10, 1500),
        new("torchsharp", "loop", 1, 256, 256, 10, 1020),
        new("pytorch", "threads", 1, 256, 256, 10, 900),
        new("pytorch", "threads", 2, 256, 256, 10, 1610),
        new("pytorch", "ddp", 2, 256, 256, 10, 1200),
        new("ceiling", "pytorch", 2, 256, 256, 10, 1650),
        new("ceiling", "torchsharp", 2, 256, 256, 10, 1750),
        new("trainer", "ps", 1, 2048, 256, 10, 2000),
        new("trainer", "ps", 2, 2048, 256, 10, 3500),
        new("pytorch", "threads", 1, 2048, 256, 10, 2100),
    };

    [Fact]
    public void Medians_OverRounds_OneResultPerConfigurationInFirstSeenOrder()
    {
        var rounds = new ScalingResult[]
        {
            new("trainer", "ps", 2, 256, 256, 10, 500), new("pytorch", "threads", 2, 256, 256, 10, 40),
            new("trainer", "ps", 2, 256, 256, 10, 100), new("pytorch", "threads", 2, 256, 256, 10, 60),
            new("trainer", "ps", 2, 256, 256, 10, 300), new("pytorch", "threads", 2, 256, 256, 10, 10),
            new("pytorch", "threads", 2, 256, 256, 10, 90),
        };
        var medians = ScalingBench.Medians(rounds);
        Assert.Equal(2, medians.Count);
        Assert.Equal(("trainer", 300.0), (medians[0].System, medians[0].SamplesPerSec));
        Assert.Equal(("pytorch", 50.0), (medians[1].System, medians[1].SamplesPerSec)); // even count: mean of the middle two
    }

    [Fact]
    public void Interleaved_ChunksTakenInTurn_OrderTurnsAndSamplesPerSecondFromTheirSum()
    {
        var calls = new List<(string Mode, int Steps)>();
        var runners = new[] { ("a", 1.0), ("b", 2.0), ("c", 4.0) }
            .Select(r => new RecordingRunner(new ScalingResult("trainer", r.Item1, 2, 100, 16, 0, 0), r.Item2, calls)).ToArray();

        var results = ScalingBench.Interleaved(runners, steps: 10, chunks: 4);

        // Chunks of 3, 3, 2, 2 steps; each round of chunks starts one runner later.
        Assert.Equal(new[]
        {
            ("a", 3), ("b", 3), ("c", 3),
            ("b", 3), ("c", 3), ("a", 3),
            ("c", 2), ("a", 2), ("b", 2),
            ("a", 2), ("b", 2), ("c", 2),
        }, calls);
        // 10 steps of 100 samples over the summed seconds (a step takes 1, 2 and 4 ms).
        Assert.Equal(new[] { 100_000.0, 50_000.0, 25_000.0 }, results.Select(r => Math.Round(r.SamplesPerSec, 6)));
        Assert.All(results, r => Assert.Equal(10, r.Steps));
        Assert.Equal(new[] { "a", "b", "c" }, results.Select(r => r.Mode));
    }

    /// <summary>A stand-in configuration for the scheduling alone: each step "takes" a fixed time.</summary>
    private sealed class RecordingRunner(ScalingResult config, double msPerStep, List<(string, int)> calls) : IScalingRunner
    {
        public ScalingResult Config { get; } = config;

        public double Run(int steps)
        {
            calls.Add((Config.Mode, steps));
            return steps * msPerStep / 1000;
        }

        public void Dispose() { }
    }

    [Fact]
    public void Csv_Write_HeaderAndOneInvariantRowPerResult()
    {
        var path = Path.GetTempFileName();
        try
        {
            ScalingCsv.Write(path, Results);
            var lines = File.ReadAllLines(path);
            Assert.Equal("system,mode,devices,batch,hidden,samples_per_sec", lines[0]);
            Assert.Equal(Results.Length + 1, lines.Length);
            Assert.Equal("trainer,allreduce,2,256,256,1500.0", lines[4]);
            Assert.Equal("torchsharp,loop,1,256,256,1020.0", lines[5]);
            Assert.Equal("pytorch,ddp,2,256,256,1200.0", lines[8]);
            Assert.Equal("ceiling,torchsharp,2,256,256,1750.0", lines[10]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Table_Write_SpeedupAgainstSameSystemOneDevice()
    {
        var w = new StringWriter();
        ScalingTable.Write(w, Results);
        var lines = w.ToString().Split('\n');
        Assert.Contains(lines, l => l.Contains("trainer ps ×2") && l.Contains("1.70×") && l.Contains("85%") && l.Contains(" 256 "));
        Assert.Contains(lines, l => l.Contains("pytorch ddp ×2") && l.Contains("1.33×") && l.Contains("67%")); // against 1 thread
        Assert.Contains(lines, l => l.Contains("trainer ps ×2") && l.Contains("1.75×") && l.Contains("2048"));
        // Each ceiling over its own one-process run: PyTorch's over one thread, TorchSharp's over the plain loop.
        Assert.Contains(lines, l => l.Contains("ceiling pytorch ×2") && l.Contains("1.83×"));
        Assert.Contains(lines, l => l.Contains("ceiling torchsharp ×2") && l.Contains("1.72×"));
        Assert.Contains(lines, l => l.Contains("torchsharp loop ×1") && l.Contains("1.00×"));
    }

    [Fact]
    public void Targets_Evaluate_ChecksAToDPerCellAndModeInOrder()
    {
        var checks = ScalingTargets.Evaluate(Results);
        Assert.Equal(new[]
        {
            ("a", "hidden 256, batch 256, trainer ps ×1"), ("b", "hidden 256, batch 256, trainer ps ×1"),
            ("c", "hidden 256, batch 256, trainer ps ×2"), ("d", "hidden 256, batch 256, trainer ps ×2"),
            ("a", "hidden 256, batch 256, trainer allreduce ×1"), ("b", "hidden 256, batch 256, trainer allreduce ×1"),
            ("c", "hidden 256, batch 256, trainer allreduce ×2"), ("d", "hidden 256, batch 256, trainer allreduce ×2"),
            // No loop and no ceiling measured in this cell: (b) and (d) are left out, not failed.
            ("a", "hidden 256, batch 2048, trainer ps ×1"), ("c", "hidden 256, batch 2048, trainer ps ×2"),
        }, checks.Select(c => (c.Id, c.Subject)));
        var met = checks.ToDictionary(c => c.Description, c => c.Met);
        Assert.True(met["(a) hidden 256, batch 256, trainer ps ×1: 1.11× pytorch threads ×1 (target ≥ 1.00×)"]);
        Assert.True(met["(b) hidden 256, batch 256, trainer ps ×1: 0.98× torchsharp loop ×1 (target ≥ 0.97×)"]);
        Assert.True(met["(c) hidden 256, batch 256, trainer ps ×2: 1.06× best PyTorch (pytorch threads ×2) (target ≥ 1.00×)"]);
        Assert.True(met["(d) hidden 256, batch 256, trainer ps ×2: 0.97× the ceiling (ceiling torchsharp ×2) (target ≥ 0.95×)"]);
        Assert.True(met["(a) hidden 256, batch 256, trainer allreduce ×1: 1.09× pytorch threads ×1 (target ≥ 1.00×)"]);
        Assert.False(met["(b) hidden 256, batch 256, trainer allreduce ×1: 0.96× torchsharp loop ×1 (target ≥ 0.97×)"]);
        Assert.False(met["(c) hidden 256, batch 256, trainer allreduce ×2: 0.93× best PyTorch (pytorch threads ×2) (target ≥ 1.00×)"]);
        Assert.False(met["(d) hidden 256, batch 256, trainer allreduce ×2: 0.86× the ceiling (ceiling torchsharp ×2) (target ≥ 0.95×)"]);
        Assert.False(met["(a) hidden 256, batch 2048, trainer ps ×1: 0.95× pytorch threads ×1 (target ≥ 1.00×)"]);
        Assert.True(met["(c) hidden 256, batch 2048, trainer ps ×2: 1.67× best PyTorch (pytorch threads ×1) (target ≥ 1.00×)"]);
    }

    [Fact]
    public void Targets_Write_OneLinePerCheckAndTheCount()
    {
        var w = new StringWriter();
        ScalingTargets.Write(w, ScalingTargets.Evaluate(Results));
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(11, lines.Length);
        Assert.Equal("MISSED (b) hidden 256, batch 256, trainer allreduce ×1: 0.96× torchsharp loop ×1 (target ≥ 0.97×)", lines[5]);
        Assert.StartsWith("met    (a) hidden 256, batch 256, trainer ps ×1", lines[0]);
        Assert.Equal("6 of 10 targets met", lines[^1]);
    }

    [Fact]
    public void Targets_Ceiling_IsTheBetterOfIndependentPyTorchAndTorchSharp()
    {
        ScalingResult[] Round(double pytorch, double torchsharp) =>
        [
            new("trainer", "ps", 2, 2048, 256, 10, 1900),
            new(ScalingSystems.Ceiling, ScalingSystems.PyTorch, 2, 2048, 256, 10, pytorch),
            new(ScalingSystems.Ceiling, ScalingSystems.TorchSharp, 2, 2048, 256, 10, torchsharp),
        ];
        var d = ScalingTargets.Evaluate(Round(2000, 1800)).Single();
        Assert.Equal(("d", 0.95), (d.Id, d.Value));
        Assert.Contains("the ceiling (ceiling pytorch ×2)", d.Description);
        Assert.True(d.Met);
        d = ScalingTargets.Evaluate(Round(1800, 2100)).Single();
        Assert.Contains("the ceiling (ceiling torchsharp ×2)", d.Description);
        Assert.False(d.Met);
        // A ceiling is no PyTorch configuration: with no PyTorch row there is no (c).
        Assert.DoesNotContain(ScalingTargets.Evaluate(Round(2000, 1800)), c => c.Id == "c");
        // Over rounds: the median of each round's ratio to that round's better ceiling, named by the most frequent.
        var rounds = ScalingTargets.EvaluateRounds([Round(2000, 1800), Round(1800, 2100), Round(1700, 1900)]).Single();
        Assert.Equal(0.95, rounds.Value, 6); // median of 0.95, 0.905, 1.0
        Assert.Contains("the ceiling (ceiling torchsharp ×2)", rounds.Description);
    }

    [Fact]
    public void Targets_Cluster_AgainstDdpOfAsManyProcessesInItsCell()
    {
        ScalingResult[] results =
        [
            new(ScalingSystems.TrainerCluster, "ps", 2, 256, 256, 10, 1300, new TransferFigures(0.8, 203_600)),
            new("pytorch", "ddp", 2, 256, 256, 10, 1200),
            new(ScalingSystems.TrainerCluster, "ps", 2, 2048, 256, 10, 2000),
            new("pytorch", "ddp", 2, 2048, 256, 10, 2500),
            new("pytorch", "threads", 2, 2048, 256, 10, 9000), // not its peer: (e) is against DDP
        ];
        var checks = ScalingTargets.Evaluate(results).Where(c => c.Id == "e").ToList();
        Assert.Equal(2, checks.Count);
        Assert.Equal(("hidden 256, batch 256, trainer-cluster ps ×2", "pytorch ddp ×2", true), (checks[0].Subject, checks[0].Against, checks[0].Met));
        Assert.Equal(1300.0 / 1200, checks[0].Value, 9);
        Assert.Equal(0.8, checks[1].Value, 9);
        Assert.False(checks[1].Met);
        // The table takes the cluster's speed-up over the embedded harness on one device (none here).
        Assert.Null(ScalingTable.Baseline(results, results[0]));
        Assert.Equal(new TransferFigures(0.8, 203_600), ScalingBench.Medians(results)[0].Transfer);
    }

    [Fact]
    public void Targets_BestPyTorch_OnlyAmongRunsOnAtMostTwoCores()
    {
        // --devices 1,2,8: PyTorch on 8 threads is faster, but is no peer for Trainer on 2 devices.
        ScalingResult[] results =
        [
            .. Results.Take(8),
            new("trainer", "ps", 8, 256, 256, 10, 5000),
            new("pytorch", "threads", 8, 256, 256, 10, 6000),
            new("pytorch", "ddp", 8, 256, 256, 10, 4000),
        ];
        var checks = ScalingTargets.Evaluate(results);
        var peer = checks.Single(c => c.Id == "c" && c.Subject.EndsWith("trainer ps ×2"));
        Assert.Contains("best PyTorch (pytorch threads ×2)", peer.Description);
        Assert.Equal(1700.0 / 1610, peer.Value, 6);
        Assert.True(peer.Met);
        Assert.Contains("best PyTorch (pytorch threads ×8)", checks.Single(c => c.Id == "c" && c.Subject.EndsWith("trainer ps ×8")).Description);
    }

    [Fact]
    public void Targets_EvaluateRounds_MedianOfPerRoundRatios()
    {
        // Round 2 ran on a slow machine for everyone: per-round ratios keep that out of the verdict.
        ScalingResult[] Round(double scale, double pytorch2, double loop) =>
        [
            new("trainer", "ps", 1, 256, 256, 10, 1000 * scale),
            new("trainer", "ps", 2, 256, 256, 10, 1700 * scale),
            new("torchsharp", "loop", 1, 256, 256, 10, loop * scale),
            new("pytorch", "threads", 2, 256, 256, 10, pytorch2 * scale),
        ];
        var checks = ScalingTargets.EvaluateRounds([Round(1, 1600, 1000), Round(0.5, 1800, 1100), Round(1, 1500, 1020)]);
        Assert.Equal(new[] { "b", "c" }, checks.Select(c => c.Id));
        var harness = checks.Single(c => c.Id == "b");
        Assert.Equal(1000.0 / 1020, harness.Value, 6); // median of 1.0, 0.909, 0.980
        Assert.True(harness.Met);
        var peer = checks.Single(c => c.Id == "c");
        Assert.Equal(1700.0 / 1600, peer.Value, 6); // median of 1.0625, 0.944, 1.133
        Assert.True(peer.Met);
        Assert.Contains("best PyTorch (pytorch threads ×2)", peer.Description);
    }

    [Fact]
    public void Plot_Write_PngAndSvgOfEveryCell()
    {
        var dir = Directory.CreateTempSubdirectory("trainer-scaling-plot-").FullName;
        try
        {
            var (png, svg) = (Path.Combine(dir, "scaling.png"), Path.Combine(dir, "scaling.svg"));
            ScalingPlot.Write(png, svg, Results);
            // Two cells side by side; the taller cell (10 configurations) sets the row's height.
            var (width, height) = ImageFiles.AssertPng(png);
            Assert.Equal(2 * 640, width);
            Assert.Equal(90 + 26 * 10, height);
            ImageFiles.AssertSvg(svg);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Plot_Label_SamplesPerSecondAndSpeedupOverTheTablesBaseline()
    {
        var cell = ScalingTable.Cells(Results).First();
        string Label(string config) => ScalingPlot.Label(cell, cell.Single(r => r.Config == config));
        Assert.Equal("1k", Label("trainer ps ×1")); // its own baseline: no ratio
        Assert.Equal("1.7k  1.70×", Label("trainer ps ×2"));
        Assert.Equal("1.2k  1.33×", Label("pytorch ddp ×2")); // over PyTorch on one thread, as the table
        Assert.Equal("1.8k  1.72×", Label("ceiling torchsharp ×2")); // over the plain loop
        Assert.Equal("900", Label("pytorch threads ×1"));
    }
}

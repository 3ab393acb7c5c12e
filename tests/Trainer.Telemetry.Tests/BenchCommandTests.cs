using Trainer.Coordinator;
using Trainer.Telemetry.Tests.Figures;

namespace Trainer.Telemetry.Tests;

/// <summary>`trainer bench scaling` end to end in a tiny configuration (3 timed steps per configuration).</summary>
[Collection(EnvironmentCollection.Name)]
public class BenchCommandTests
{
    [Fact]
    public void Main_BenchScalingPyTorchTiny_WritesCsvRowsAndPlot()
    {
        var dir = Directory.CreateTempSubdirectory("trainer-bench-").FullName;
        try
        {
            var exit = Program.Main(new[] { "bench", "scaling", "--out", dir, "--systems", "pytorch", "--steps", "3", "--warmup", "1", "--hidden", "16", "--batch", "32,64", "--rounds", "1" });
            Assert.Equal(0, exit);
            var csv = File.ReadAllLines(Path.Combine(dir, "scaling.csv"));
            Assert.Equal("system,mode,devices,batch,hidden,samples_per_sec", csv[0]);
            var rows = csv.Skip(1).Select(l => l.Split(',')).ToList();
            // 1 thread, 2 threads, DDP with 2 processes, for each of the two cells.
            Assert.Equal(6, rows.Count);
            Assert.Equal(new[] { "pytorch,threads,1", "pytorch,threads,2", "pytorch,ddp,2" },
                rows.Select(r => $"{r[0]},{r[1]},{r[2]}").Distinct());
            Assert.All(rows, r => Assert.True(double.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture) > 0));
            // The machine's ceiling (2 independent processes) is measured too, and kept apart.
            var ceiling = File.ReadAllLines(Path.Combine(dir, "ceiling.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(new[] { "ceiling,pytorch,2,32", "ceiling,pytorch,2,64" }, ceiling.Select(r => $"{r[0]},{r[1]},{r[2]},{r[3]}"));
            ImageFiles.AssertSvg(Path.Combine(dir, "scaling.svg"));
            ImageFiles.AssertPng(Path.Combine(dir, "scaling.png"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Main_BenchScalingTrainerTiny_BothModesOneAndTwoDevices()
    {
        var dir = Directory.CreateTempSubdirectory("trainer-bench-").FullName;
        try
        {
            var exit = Program.Main(new[] { "bench", "scaling", "--out", dir, "--systems", "trainer", "--steps", "2", "--warmup", "1", "--hidden", "16", "--batch", "64", "--rounds", "2" });
            Assert.Equal(0, exit);
            var rows = File.ReadAllLines(Path.Combine(dir, "scaling.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(new[] { "trainer,ps,1,64,16", "trainer,ps,2,64,16", "trainer,allreduce,1,64,16", "trainer,allreduce,2,64,16" },
                rows.Select(r => string.Join(',', r.Take(5))));
            Assert.All(rows, r => Assert.True(double.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture) > 0));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Main_BenchScalingTorchSharpTiny_LoopAndItsCeilingInTheirFiles()
    {
        var dir = Directory.CreateTempSubdirectory("trainer-bench-").FullName;
        try
        {
            var exit = Program.Main(new[] { "bench", "scaling", "--out", dir, "--systems", "torchsharp", "--steps", "3", "--warmup", "1", "--hidden", "16", "--batch", "64", "--rounds", "1" });
            Assert.Equal(0, exit);
            var rows = File.ReadAllLines(Path.Combine(dir, "scaling.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(new[] { "torchsharp,loop,1,64,16" }, rows.Select(r => string.Join(',', r.Take(5))));
            var ceiling = File.ReadAllLines(Path.Combine(dir, "ceiling.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(new[] { "ceiling,torchsharp,2,64,16" }, ceiling.Select(r => string.Join(',', r.Take(5))));
            Assert.All(rows.Concat(ceiling), r => Assert.True(double.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture) > 0));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Main_BenchScalingEverySystemTiny_PrintsChecksAToDForEachMode()
    {
        var dir = Directory.CreateTempSubdirectory("trainer-bench-").FullName;
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            var exit = Program.Main(new[] { "bench", "scaling", "--out", dir, "--steps", "4", "--warmup", "1", "--hidden", "16", "--batch", "64", "--rounds", "1", "--chunks", "2" });
            Assert.Equal(0, exit);
        }
        finally
        {
            Console.SetOut(console);
        }
        try
        {
            var checks = output.ToString().Split('\n').Where(l => l.StartsWith("met ") || l.StartsWith("MISSED ")).Select(l => l[7..].Trim()).ToList();
            string[] expected =
            [
                "(a) hidden 16, batch 64, trainer ps ×1: ", "(b) hidden 16, batch 64, trainer ps ×1: ",
                "(c) hidden 16, batch 64, trainer ps ×2: ", "(d) hidden 16, batch 64, trainer ps ×2: ",
                "(a) hidden 16, batch 64, trainer allreduce ×1: ", "(b) hidden 16, batch 64, trainer allreduce ×1: ",
                "(c) hidden 16, batch 64, trainer allreduce ×2: ", "(d) hidden 16, batch 64, trainer allreduce ×2: ",
                "(e) hidden 16, batch 64, trainer-cluster ps ×2: ",
            ];
            Assert.Equal(expected.Length, checks.Count);
            for (var i = 0; i < expected.Length; i++) Assert.StartsWith(expected[i], checks[i]);
            Assert.Contains(output.ToString().Split('\n'), l => l.EndsWith(" of 9 targets met"));
            Assert.Equal(9, File.ReadAllLines(Path.Combine(dir, "scaling.csv")).Length - 1); // 4 trainers, the cluster, the loop, 3 PyTorch
            Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, "ceiling.csv")).Length - 1);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Main_BenchScalingClusterTiny_RowAndTransferFiguresOfTwoWorkerProcesses()
    {
        var dir = Directory.CreateTempSubdirectory("trainer-bench-cluster-").FullName;
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        int exit;
        try
        {
            exit = Program.Main(new[] { "bench", "scaling", "--out", dir, "--systems", "trainer-cluster", "--devices", "2", "--steps", "3", "--warmup", "1",
                "--hidden", "16", "--batch", "64", "--rounds", "1", "--chunks", "1" });
        }
        finally
        {
            Console.SetOut(console);
        }
        try
        {
            Assert.True(exit == 0, output.ToString());
            var rows = File.ReadAllLines(Path.Combine(dir, "scaling.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            var row = Assert.Single(rows);
            Assert.Equal("trainer-cluster,ps,2,64,16", string.Join(',', row.Take(5)));
            Assert.True(double.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture) > 0);
            var transfer = File.ReadAllLines(Path.Combine(dir, "transfer.csv"));
            Assert.Equal("system,mode,devices,batch,hidden,transfer_ms_per_step,bytes_per_step", transfer[0]);
            var figures = Assert.Single(transfer.Skip(1)).Split(',');
            Assert.True(double.Parse(figures[5], System.Globalization.CultureInfo.InvariantCulture) > 0);
            // A gradient up and a weights version down per device and step: 8 bytes per parameter of 784-16-10.
            Assert.Equal(8 * (784 * 16 + 16 + 16 * 10 + 10), long.Parse(figures[6], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains("ms in transfer and 101,840 bytes moved per device and step", output.ToString());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Main_BenchLoopPeerBadDataRoot_ExitsOne() =>
        Assert.Equal(1, Program.Main(new[] { "bench", "loop-peer", "--data", "/nonexistent/fashion" }));

    [Fact]
    public void Main_BenchMemoryThreeEpochs_WritesRssPerEpoch()
    {
        var dir = Directory.CreateTempSubdirectory("trainer-mem-").FullName;
        try
        {
            Assert.Equal(0, Program.Main(new[] { "bench", "memory", "--out", dir, "--epochs", "3", "--devices", "2", "--batch-size", "2048" }));
            var csv = File.ReadAllLines(Path.Combine(dir, "memory.csv"));
            Assert.Equal("epoch,rss_mb", csv[0]);
            Assert.Equal(new[] { "1", "2", "3" }, csv.Skip(1).Select(l => l.Split(',')[0]));
            Assert.All(csv.Skip(1), l => Assert.True(double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) > 50));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Main_BenchMemoryTooFewEpochs_ExitsOne() =>
        Assert.Equal(1, Program.Main(new[] { "bench", "memory", "--epochs", "2" }));

    [Fact]
    public void Main_BenchScalingUnknownSystem_ExitsOneWithoutWriting()
    {
        var dir = Path.Combine(Path.GetTempPath(), "trainer-bench-never-" + Guid.NewGuid());
        Assert.Equal(1, Program.Main(new[] { "bench", "scaling", "--out", dir, "--systems", "tensorflow" }));
        Assert.False(Directory.Exists(dir));
    }
}

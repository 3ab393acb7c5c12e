using System.Xml.Linq;
using Trainer.Coordinator;

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
            Assert.Equal(new[] { "ceiling,independent,2,32", "ceiling,independent,2,64" }, ceiling.Select(r => $"{r[0]},{r[1]},{r[2]},{r[3]}"));
            var svg = XDocument.Load(Path.Combine(dir, "scaling.svg"));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
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

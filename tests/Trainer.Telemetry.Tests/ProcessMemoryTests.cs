using Trainer.Coordinator.Bench;

namespace Trainer.Telemetry.Tests;

[Collection(EnvironmentCollection.Name)]
public class ProcessMemoryTests
{
    [Fact]
    public void RssBytes_NativeTensorAllocated_GrowsByItsSize()
    {
        var before = ProcessMemory.RssBytes();
        using var big = torch.ones(new long[] { 50_000_000 }); // 200 MB, every page written
        var after = ProcessMemory.RssBytes();
        Assert.InRange(after - before, 150L << 20, 400L << 20);
    }

    [Fact]
    public void Measure_FlatEpochs_GrowthBelowLimitAndCsvWritten()
    {
        var log = new StringWriter();
        var report = MemoryReport.Measure(4, _ => { }, log);
        Assert.Equal(4, report.RssMbPerEpoch.Count);
        Assert.True(report.Flat);
        var dir = Directory.CreateTempSubdirectory("trainer-mem-").FullName;
        try
        {
            report.Write(log, dir);
            var csv = File.ReadAllLines(Path.Combine(dir, MemoryReport.CsvFile));
            Assert.Equal("epoch,rss_mb", csv[0]);
            Assert.Equal(5, csv.Length);
            Assert.Contains("RSS growth after epoch 2", log.ToString());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Growth_LeakAfterSecondEpoch_Reported()
    {
        var report = new MemoryReport(new[] { 100.0, 150, 170, 220 });
        Assert.Equal(70, report.GrowthAfterSecondEpochMb, 9);
        Assert.False(report.Flat);
    }
}

using System.Globalization;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// RSS after each epoch of a long run, and the growth after the second epoch (the first two
/// include one-off allocations: allocator pools, JIT, thread stacks), which should stay flat.
/// </summary>
public sealed record MemoryReport(IReadOnlyList<double> RssMbPerEpoch, double LimitMb = 50)
{
    public const string CsvFile = "memory.csv";

    public double GrowthAfterSecondEpochMb =>
        RssMbPerEpoch.Count < 3 ? 0 : RssMbPerEpoch.Skip(2).Max() - RssMbPerEpoch[1];

    public bool Flat => GrowthAfterSecondEpochMb < LimitMb;

    /// <summary>Runs <paramref name="epochs"/> epochs, sampling VmRSS after each.</summary>
    public static MemoryReport Measure(int epochs, Action<int> runEpoch, TextWriter log)
    {
        if (epochs < 3) throw new ArgumentException($"--epochs must be at least 3 to see growth after the second epoch, got {epochs}");
        var rss = new List<double>();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            runEpoch(epoch);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            rss.Add(ProcessMemory.RssBytes() / (1024.0 * 1024.0));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  epoch {epoch,2}: RSS {rss[^1],8:F1} MB"));
        }
        return new MemoryReport(rss);
    }

    public void Write(TextWriter log, string? outDir)
    {
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(Flat ? "met   " : "MISSED")} RSS growth after epoch 2: {GrowthAfterSecondEpochMb:F1} MB (target < {LimitMb:F0} MB)"));
        if (outDir is null) return;
        Directory.CreateDirectory(outDir);
        using var w = new StreamWriter(Path.Combine(outDir, CsvFile));
        w.WriteLine("epoch,rss_mb");
        for (var i = 0; i < RssMbPerEpoch.Count; i++)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i + 1},{RssMbPerEpoch[i]:F1}"));
    }
}

using System.Globalization;

namespace Trainer.Coordinator.Bench;

/// <summary>DIR/scaling.csv: one row per measured configuration, invariant culture.</summary>
public static class ScalingCsv
{
    public const string Header = "system,mode,devices,batch,hidden,samples_per_sec";

    public static void Write(string path, IEnumerable<ScalingResult> results)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(Header);
        foreach (var r in results)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.System},{r.Mode},{r.Devices},{r.Batch},{r.Hidden},{r.SamplesPerSec:F1}"));
    }
}

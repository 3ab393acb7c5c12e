using System.Globalization;

namespace Trainer.Coordinator.Bench;

/// <summary>DIR/scaling.csv: one row per measured configuration, invariant culture; DIR/transfer.csv for the cluster rows.</summary>
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

    public const string TransferHeader = "system,mode,devices,batch,hidden,transfer_ms_per_step,bytes_per_step";

    /// <summary>DIR/transfer.csv: the cluster rows' time in transfer and bytes moved, per device and step.</summary>
    public static void WriteTransfer(string path, IEnumerable<ScalingResult> results)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(TransferHeader);
        foreach (var r in results.Where(r => r.Transfer is not null))
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.System},{r.Mode},{r.Devices},{r.Batch},{r.Hidden},{r.Transfer!.MsPerStep:F3},{r.Transfer.BytesPerStep:F0}"));
    }
}

using System.Globalization;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// DIR/scaling.csv: one row per measured configuration, invariant culture; DIR/transfer.csv for the
/// cluster rows. A file that holds a job cell (<see cref="ScalingResult.Workload"/>) has one more
/// column, workload: the job's name (hidden left empty), "mlp" on the MLP cells' rows; a file of
/// MLP cells only is as it always was.
/// </summary>
public static class ScalingCsv
{
    public const string Header = "system,mode,devices,batch,hidden,samples_per_sec";

    public const string WorkloadColumn = "workload";

    public static void Write(string path, IEnumerable<ScalingResult> results)
    {
        var rows = results.ToList();
        var jobs = rows.Any(r => r.Workload is not null);
        using var w = new StreamWriter(path);
        w.WriteLine(jobs ? $"{Header},{WorkloadColumn}" : Header);
        foreach (var r in rows)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.System},{r.Mode},{r.Devices},{r.Batch},{Hidden(r)},{r.SamplesPerSec:F1}")
                + (jobs ? $",{r.Workload ?? ScalingWorkload.MlpModel}" : ""));
    }

    private static string Hidden(ScalingResult r) => r.Workload is null ? r.Hidden.ToString(CultureInfo.InvariantCulture) : "";

    public const string TransferHeader = "system,mode,devices,batch,hidden,transfer_ms_per_step,bytes_per_step";

    /// <summary>DIR/transfer.csv: the cluster rows' time in transfer and bytes moved, per device and step.</summary>
    public static void WriteTransfer(string path, IEnumerable<ScalingResult> results)
    {
        var rows = results.Where(r => r.Transfer is not null).ToList();
        var jobs = rows.Any(r => r.Workload is not null);
        using var w = new StreamWriter(path);
        w.WriteLine(jobs ? $"{TransferHeader},{WorkloadColumn}" : TransferHeader);
        foreach (var r in rows)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.System},{r.Mode},{r.Devices},{r.Batch},{Hidden(r)},{r.Transfer!.MsPerStep:F3},{r.Transfer.BytesPerStep:F0}")
                + (jobs ? $",{r.Workload ?? ScalingWorkload.MlpModel}" : ""));
    }
}

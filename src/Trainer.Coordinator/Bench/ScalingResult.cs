namespace Trainer.Coordinator.Bench;

/// <summary>
/// One measured configuration of the scaling benchmark on one hidden x batch cell: system
/// "trainer" (mode ps or allreduce, devices = replicas), "pytorch" (mode threads or ddp, devices
/// = threads or processes), "trainer-cluster" (mode ps, devices = worker processes of one device), "torchsharp" (mode loop, 1 device: the plain loop), or the machine's
/// "ceiling" (mode pytorch or torchsharp: processes that never communicate). See <see cref="ScalingSystems"/>.
/// </summary>
/// <param name="Transfer">System trainer-cluster: its tensor traffic per device and step (else null).</param>
/// <param name="Workload">A job cell's job name (<see cref="ScalingWorkload.Job"/>, <see cref="Hidden"/> 0); null for the book's MLP cells.</param>
public sealed record ScalingResult(string System, string Mode, int Devices, int Batch, int Hidden, int Steps, double SamplesPerSec, TransferFigures? Transfer = null,
    string? Workload = null)
{
    /// <summary>The cell's label: "hidden 256", or the job's name.</summary>
    public string Cell => Workload ?? $"hidden {Hidden}";

    /// <summary>What trains in the cell, as the table's first column shows it: the hidden size, or the job's name.</summary>
    public string CellColumn => Workload ?? Hidden.ToString(global::System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A result of <paramref name="workload"/>'s cell at <paramref name="batch"/>, not measured yet.</summary>
    public static ScalingResult Of(string system, string mode, int devices, ScalingWorkload workload, int batch) =>
        new(system, mode, devices, batch, workload.Hidden, 0, 0, Workload: workload.Job);

    /// <summary>The bar/column label: "trainer ps ×2".</summary>
    public string Config => $"{System} {Mode} ×{Devices}";
}

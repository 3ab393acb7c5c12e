namespace Trainer.Coordinator.Bench;

/// <summary>
/// One measured configuration of the scaling benchmark: system "trainer" (mode ps or
/// allreduce, devices = replicas) or "pytorch" (mode threads or ddp, devices = threads or
/// processes), or the machine's "ceiling" (mode independent: processes that never
/// communicate), on one hidden x batch cell.
/// </summary>
public sealed record ScalingResult(string System, string Mode, int Devices, int Batch, int Hidden, int Steps, double SamplesPerSec)
{
    /// <summary>The bar/column label: "trainer ps ×2".</summary>
    public string Config => $"{System} {Mode} ×{Devices}";
}

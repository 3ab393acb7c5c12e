namespace Trainer.Coordinator.Bench;

/// <summary>
/// One measured configuration of the scaling benchmark on one hidden x batch cell: system
/// "trainer" (mode ps or allreduce, devices = replicas), "pytorch" (mode threads or ddp, devices
/// = threads or processes), "trainer-cluster" (mode ps, devices = worker processes of one device), "torchsharp" (mode loop, 1 device: the plain loop), or the machine's
/// "ceiling" (mode pytorch or torchsharp: processes that never communicate). See <see cref="ScalingSystems"/>.
/// </summary>
/// <param name="Transfer">System trainer-cluster: its tensor traffic per device and step (else null).</param>
public sealed record ScalingResult(string System, string Mode, int Devices, int Batch, int Hidden, int Steps, double SamplesPerSec, TransferFigures? Transfer = null)
{
    /// <summary>The bar/column label: "trainer ps ×2".</summary>
    public string Config => $"{System} {Mode} ×{Devices}";
}

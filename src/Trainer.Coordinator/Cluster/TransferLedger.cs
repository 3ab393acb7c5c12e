using Trainer.Coordinator.Telemetry;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The tensor payload the gRPC service moved per device: gradients taken (whole and valid) and
/// weights served (whole), the steps the gradients were for, and the seconds the calls took at
/// the service (a call's start to its last chunk). Written by the service's calls, read for
/// summary.json and the benchmark; each call is short, under one lock.
/// </summary>
public sealed class TransferLedger
{
    private readonly object gate = new();
    private readonly Dictionary<int, Entry> devices = new();

    private sealed class Entry
    {
        public long GradientBytes;
        public long WeightsBytes;
        public double Seconds;
        public readonly HashSet<long> Steps = new();
    }

    public void GradientTaken(int device, long step, long values, double seconds)
    {
        lock (gate)
        {
            var e = For(device);
            e.GradientBytes += values * sizeof(float);
            e.Seconds += seconds;
            e.Steps.Add(step);
        }
    }

    public void WeightsServed(int device, long values, double seconds)
    {
        lock (gate)
        {
            var e = For(device);
            e.WeightsBytes += values * sizeof(float);
            e.Seconds += seconds;
        }
    }

    /// <summary>Every device together: bytes moved, seconds in transfer calls, and device-steps (a step of each device that uploaded for it).</summary>
    public (long Bytes, double Seconds, long DeviceSteps) Totals()
    {
        lock (gate)
            return (devices.Values.Sum(e => e.GradientBytes + e.WeightsBytes), devices.Values.Sum(e => e.Seconds), devices.Values.Sum(e => (long)e.Steps.Count));
    }

    /// <summary>Device <paramref name="device"/>'s traffic, or null when it moved nothing.</summary>
    public DeviceTraffic? Of(int device)
    {
        lock (gate)
        {
            if (!devices.TryGetValue(device, out var e)) return null;
            var steps = e.Steps.Count;
            double PerStep(long bytes) => steps == 0 ? 0 : Math.Round((double)bytes / steps, 1);
            return new DeviceTraffic(steps, e.GradientBytes, e.WeightsBytes, PerStep(e.GradientBytes), PerStep(e.WeightsBytes), PerStep(e.GradientBytes + e.WeightsBytes));
        }
    }

    private Entry For(int device)
    {
        if (!devices.TryGetValue(device, out var e)) devices[device] = e = new Entry();
        return e;
    }
}

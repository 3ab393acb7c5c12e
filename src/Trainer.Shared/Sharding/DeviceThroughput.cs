namespace Trainer.Shared.Sharding;

/// <summary>
/// Each device's measured speed (samples per second of its own compute: gather, forward,
/// backward), smoothed over steps, as the weights of <see cref="ShardPlan.Weighted"/>. Giving
/// each device rows in proportion to its speed moves the shards toward equal compute times, so
/// the fast ones stop waiting for the slow: a GPU beside a CPU replica, or a core the VM slows.
/// The update n_i ∝ n_i / t_i settles where every t_i is equal, whatever fixed cost a step has.
/// </summary>
public sealed class DeviceThroughput
{
    // Weight of the newest step in the running figure: a few steps to follow a real change,
    // without chasing each step's noise.
    private const double Smoothing = 0.25;
    private readonly Dictionary<int, double> samplesPerSecond = new();

    /// <summary>Adds one step's figure for <paramref name="device"/>; steps without samples or time say nothing.</summary>
    public void Record(int device, int samples, double seconds)
    {
        if (samples <= 0 || !(seconds > 0) || double.IsInfinity(seconds)) return;
        var speed = samples / seconds;
        samplesPerSecond[device] = samplesPerSecond.TryGetValue(device, out var old) ? old + Smoothing * (speed - old) : speed;
    }

    /// <summary>The measured speed of <paramref name="device"/>, if it has one.</summary>
    public double? SpeedOf(int device) => samplesPerSecond.TryGetValue(device, out var s) ? s : null;

    /// <summary>
    /// One weight per device, in order: its measured speed, or the mean of the measured ones for
    /// a device not yet measured (all equal, like <see cref="ShardPlan.Even"/>, before any step).
    /// </summary>
    public IReadOnlyList<double> Weights(IReadOnlyList<int> devices)
    {
        var known = devices.Where(samplesPerSecond.ContainsKey).Select(d => samplesPerSecond[d]).ToList();
        var fallback = known.Count > 0 ? known.Average() : 1.0;
        return devices.Select(d => samplesPerSecond.TryGetValue(d, out var s) ? s : fallback).ToArray();
    }
}

using Trainer.Shared.Sharding;

namespace Trainer.DataParallel.Tests;

/// <summary>Speed-proportional shards: the weights, and that the plan they give settles where devices take equal time.</summary>
public class DeviceThroughputTests
{
    [Fact]
    public void Weights_BeforeAnyStep_AreEqual()
    {
        var t = new DeviceThroughput();
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, t.Weights([0, 1, 2]));
        Assert.Equal(new[] { 86, 85, 85 }, ShardPlan.Weighted(256, [0, 1, 2], t.Weights([0, 1, 2])).Shards.Select(s => s.Count));
    }

    [Fact]
    public void Record_SmoothsEachDevice_AndUnmeasuredDevicesTakeTheMean()
    {
        var t = new DeviceThroughput();
        t.Record(0, 100, 1.0);  // 100 samples/s
        t.Record(0, 100, 0.5);  // 200 samples/s: a quarter of the way there
        t.Record(1, 300, 1.0);
        t.Record(1, 0, 0.0);    // a step without samples says nothing
        t.Record(1, 10, 0.0);   // nor one without time
        Assert.Equal(125, t.SpeedOf(0)!.Value, 9);
        Assert.Equal(300, t.SpeedOf(1)!.Value, 9);
        Assert.Null(t.SpeedOf(2));
        Assert.Equal(new[] { 125, 300, 212.5 }, t.Weights([0, 1, 2]));
    }

    [Fact]
    public void Plan_FastAndSlowDevice_SettlesAtEqualComputeTimes()
    {
        // Device 0: 2 ms per step plus 0.01 ms per sample (a GPU); device 1: 0.2 ms per sample (a core).
        static double Seconds(int device, int rows) => device == 0 ? 2e-3 + 1e-5 * rows : 2e-4 * rows;
        var t = new DeviceThroughput();
        ShardPlan plan = ShardPlan.Even(2048, [0, 1]);
        for (var step = 0; step < 40; step++)
        {
            foreach (var s in plan.Shards) t.Record(s.Device, s.Count, Seconds(s.Device, s.Count));
            plan = ShardPlan.Weighted(2048, [0, 1], t.Weights([0, 1]));
        }
        var rows = plan.Shards.ToDictionary(s => s.Device, s => s.Count);
        Assert.Equal(2048, rows.Values.Sum());
        // Equal times: 2e-3 + 1e-5 n0 = 2e-4 (2048 - n0)  =>  n0 ≈ 1941.
        Assert.InRange(rows[0], 1930, 1950);
        var slowest = Math.Max(Seconds(0, rows[0]), Seconds(1, rows[1]));
        var even = Math.Max(Seconds(0, 1024), Seconds(1, 1024));
        Assert.True(slowest < even / 8, $"balanced step {slowest * 1e3:F2} ms vs even {even * 1e3:F2} ms");
    }
}

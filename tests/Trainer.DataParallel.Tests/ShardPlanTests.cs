using Trainer.Shared.Sharding;

namespace Trainer.DataParallel.Tests;

public class ShardPlanTests
{
    [Fact]
    public void Even_BatchNotDivisible_FirstDevicesTakeTheExtraRows()
    {
        var plan = ShardPlan.Even(10, new[] { 0, 1, 2 });
        Assert.Equal(new[] { new Shard(0, 0, 4), new Shard(1, 4, 3), new Shard(2, 7, 3) }, plan.Shards);
    }

    [Fact]
    public void Even_BatchSmallerThanDevices_IdleDevicesGetNoShard()
    {
        var plan = ShardPlan.Even(2, new[] { 0, 1, 2 });
        Assert.Equal(new[] { new Shard(0, 0, 1), new Shard(1, 1, 1) }, plan.Shards);
    }

    [Fact]
    public void Weighted_ProportionalToSpeed_CountsAddUpExactly()
    {
        var plan = ShardPlan.Weighted(100, new[] { 3, 5 }, new[] { 1.0, 3.0 });
        Assert.Equal(new[] { new Shard(3, 0, 25), new Shard(5, 25, 75) }, plan.Shards);
        var odd = ShardPlan.Weighted(7, new[] { 0, 1, 2 }, new[] { 1.0, 1.0, 1.5 });
        Assert.Equal(7, odd.Shards.Sum(s => s.Count));
    }

    [Fact]
    public void WeightOf_SumsToOne()
    {
        var plan = ShardPlan.Even(257, new[] { 0, 1 });
        Assert.Equal(1.0, plan.Shards.Sum(plan.WeightOf), 12);
    }

    [Fact]
    public void Even_NoDevices_ThrowsNamingTheProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => ShardPlan.Even(8, Array.Empty<int>()));
        Assert.Contains("no live device", e.Message);
    }

    [Fact]
    public void RowsFor_EachDeviceItsSliceInOrder_NoShardEmpty()
    {
        var batch = new long[] { 40, 41, 42, 43, 44 };
        var plan = ShardPlan.Even(batch.Length, [3, 7]);
        Assert.Equal(new long[] { 40, 41, 42 }, plan.RowsFor(3, batch));
        Assert.Equal(new long[] { 43, 44 }, plan.RowsFor(7, batch));
        Assert.Empty(ShardPlan.Even(1, [3, 7]).RowsFor(7, [40]));
        Assert.Contains("5 rows", Assert.Throws<ArgumentException>(() => plan.RowsFor(3, [1, 2])).Message);
    }
}

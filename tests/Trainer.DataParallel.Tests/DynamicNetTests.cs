using Trainer.Coordinator.DataParallel;
using Trainer.Shared.Modules;
using Trainer.Shared.Sharding;

namespace Trainer.DataParallel.Tests;

/// <summary>
/// The PyTorch tour's net whose middle layer is reused 0-3 times per forward: each shard of a step
/// may take a different path through it, so its gradients exist for different layers on different
/// devices. "Equal" here: with each shard's count fixed by the seed and the shard, N devices give
/// the update of one process that runs the same shards with the same counts and sums their
/// weighted losses.
/// </summary>
[Collection(NativeState.Name)]
public class DynamicNetTests
{
    [Theory]
    [InlineData("cpu:0,cpu:1", DataParallelMode.ParameterServer)]
    [InlineData("cpu:0,cpu:1,cpu:2", DataParallelMode.ParameterServer)]
    [InlineData("cpu:0,cpu:1", DataParallelMode.AllReduce)]
    [InlineData("cpu:0,cpu:1,cpu:2", DataParallelMode.AllReduce)]
    public void TrainStep_ReuseCountsDifferAcrossShards_MatchesOneProcessSummingWeightedShardLosses(string devices, DataParallelMode mode)
    {
        using var problem = Problem.Dynamic();
        var batches = Problem.Batches(epochs: 2);
        var deviceCount = devices.Split(',').Length;
        var (expected, differed) = ShardedReference(problem, batches, deviceCount);

        using var dp = problem.Trainer(devices, mode);
        foreach (var b in batches) dp.TrainStep(b);

        Assert.True(differed, "no step gave its shards different reuse counts: the test would not show anything");
        Assert.Equal(batches.Length, dp.StepsApplied);
        Assert.Empty(dp.Failures);
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    /// <summary>
    /// One model, each step's shards as the even plan cuts them, each shard's mean loss weighted by
    /// its share, summed, one backward and one step; also whether some step's shards used the middle
    /// layer a different number of times.
    /// </summary>
    private static (float[][] Values, bool Differed) ShardedReference(Problem problem, long[][] batches, int devices, long seed = 3)
    {
        torch.manual_seed(seed);
        using var net = (ReusedLayerNet)problem.Model();
        using var loss = problem.Loss();
        using var opt = problem.Optimizer(net.parameters());
        var differed = false;
        foreach (var batch in batches)
        {
            using var scope = torch.NewDisposeScope();
            var plan = ShardPlan.Even(batch.Length, Enumerable.Range(0, devices).ToArray());
            Tensor? total = null;
            var uses = new HashSet<int>();
            foreach (var shard in plan.Shards)
            {
                var idx = torch.tensor(plan.RowsFor(shard.Device, batch));
                var part = loss.call(net.call(problem.X.index_select(0, idx)), problem.Y.index_select(0, idx)) * plan.WeightOf(shard);
                uses.Add(net.LastMiddleUses);
                total = total is null ? part : total + part;
            }
            differed |= uses.Count > 1;
            opt.zero_grad();
            total!.backward();
            opt.step();
        }
        return (Problem.Values(net), differed);
    }
}

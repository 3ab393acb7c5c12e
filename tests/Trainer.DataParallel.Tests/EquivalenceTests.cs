using Trainer.Coordinator.DataParallel;

namespace Trainer.DataParallel.Tests;

/// <summary>
/// k steps on N devices give the parameters of k steps on one plain model over the same
/// global batches (fp32, 1e-5), in both modes, with uneven shards and a smaller last batch.
/// </summary>
[Collection(NativeState.Name)]
public class EquivalenceTests
{
    [Theory]
    [InlineData("mlp", "cpu:0", DataParallelMode.ParameterServer)]
    [InlineData("mlp", "cpu:0,cpu:1", DataParallelMode.ParameterServer)]
    [InlineData("mlp", "cpu:0,cpu:1,cpu:2", DataParallelMode.ParameterServer)]
    [InlineData("tied", "cpu:0,cpu:1", DataParallelMode.ParameterServer)]
    [InlineData("tied", "cpu:0,cpu:1,cpu:2", DataParallelMode.ParameterServer)]
    [InlineData("mlp", "cpu:0", DataParallelMode.AllReduce)]
    [InlineData("mlp", "cpu:0,cpu:1", DataParallelMode.AllReduce)]
    [InlineData("mlp", "cpu:0,cpu:1,cpu:2", DataParallelMode.AllReduce)]
    [InlineData("tied", "cpu:0,cpu:1", DataParallelMode.AllReduce)]
    [InlineData("tied", "cpu:0,cpu:1,cpu:2", DataParallelMode.AllReduce)]
    public void TrainStep_SeveralDevices_MatchesOneModel(string net, string devices, DataParallelMode mode)
    {
        using var problem = Problem.ByName(net);
        var batches = Problem.Batches(epochs: 2);
        var expected = problem.Reference(batches);

        using var dp = problem.Trainer(devices, mode);
        foreach (var b in batches) dp.TrainStep(b);

        Assert.Equal(batches.Length, dp.StepsApplied);
        Assert.Empty(dp.Failures);
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    [Theory]
    [InlineData(DataParallelMode.ParameterServer)]
    [InlineData(DataParallelMode.AllReduce)]
    public void TrainStep_EvenBalance_RowsPerDeviceAsThePlan(DataParallelMode mode)
    {
        using var problem = Problem.Mlp();
        using var dp = problem.Trainer("cpu:0,cpu:1,cpu:2", mode);
        var batches = Problem.Batches();
        var first = dp.TrainStep(batches[0]);   // 7 rows: 3, 2, 2
        var last = dp.TrainStep(batches[^1]);   // 2 rows: 1, 1, none
        Assert.Equal(new Dictionary<string, int> { ["cpu:0"] = 3, ["cpu:1"] = 2, ["cpu:2"] = 2 }, first.Rows);
        Assert.Equal(new Dictionary<string, int> { ["cpu:0"] = 1, ["cpu:1"] = 1 }, last.Rows);
    }

    [Theory]
    [InlineData("mlp", DataParallelMode.ParameterServer)]
    [InlineData("tied", DataParallelMode.ParameterServer)]
    [InlineData("mlp", DataParallelMode.AllReduce)]
    [InlineData("tied", DataParallelMode.AllReduce)]
    public void TrainSteps_ThroughputBalance_MatchesOneModel(string net, DataParallelMode mode)
    {
        // Shards cut by measured speed change from step to step; the update must not.
        using var problem = Problem.ByName(net);
        var batches = Problem.Batches(epochs: 3);
        var expected = problem.Reference(batches);

        using var dp = problem.Trainer("cpu:0,cpu:1,cpu:2", mode, balance: ShardBalance.Throughput);
        var results = dp.TrainSteps(batches);

        Assert.Equal(batches.Length, dp.StepsApplied);
        Assert.Equal(batches.Select(b => b.Length), results.Select(r => r.Count));
        Assert.All(results, r => Assert.Equal(r.Count, r.Rows.Values.Sum()));
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    [Fact]
    public void TrainStep_TiedNet_SharedWeightSentOnce()
    {
        using var problem = Problem.Tied();
        using var dp = problem.Trainer("cpu:0,cpu:1", DataParallelMode.ParameterServer);
        // Linear(4,8), the shared Linear(8,8) once, Linear(8,1): 3 weights and 3 biases.
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "6.weight", "6.bias" },
            dp.MasterModel.named_parameters().Select(np => np.name));
    }

    [Fact]
    public void TrainStep_LossAndCorrect_AreFullBatchFigures()
    {
        using var problem = Problem.Mlp();
        var batch = Problem.Batches()[0];
        using var dp = problem.Trainer("cpu:0,cpu:1,cpu:2", DataParallelMode.ParameterServer);
        double expectedLoss;
        long expectedCorrect;
        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            var idx = torch.tensor(batch);
            var output = dp.MasterModel.call(problem.X.index_select(0, idx));
            var y = problem.Y.index_select(0, idx);
            using var loss = problem.Loss();
            expectedLoss = loss.call(output, y).ToDouble();
            expectedCorrect = output.argmax(1).eq(y).sum().item<long>();
        }

        var r = dp.TrainStep(batch);

        Assert.Equal(batch.Length, r.Count);
        Assert.Equal(expectedLoss, r.LossSum / r.Count, 5);
        Assert.Equal(expectedCorrect, r.Correct);
    }

    [Fact]
    public void RunEpoch_SmallerLastBatch_AllSamplesOnce()
    {
        using var problem = Problem.Mlp();
        var order = Problem.Batches().SelectMany(b => b).ToArray();
        var expected = problem.Reference(Problem.Batches());
        using var dp = problem.Trainer("cpu:0,cpu:1", DataParallelMode.AllReduce);
        var progress = new List<StepProgress>();

        var r = dp.RunEpoch(order, batchSize: 7, progress.Add);

        Assert.Equal(23, r.Samples);
        Assert.Equal(4, r.Steps);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, progress.Select(p => p.Batch));
        Assert.All(progress, p => Assert.Equal(4, p.Batches));
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }
}

using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

/// <summary>
/// The sharded master of parameter-server mode: lanes that tile the flat vector, each with its
/// own optimizer over its range, whose updates together equal the whole model's update, and a
/// rendezvous that sums into the master and steps every lane once.
/// </summary>
[Collection(NativeState.Name)]
public class MasterShardsTests
{
    private static readonly Dictionary<string, Func<IEnumerable<Parameter>, Optimizer>> Optimizers = new()
    {
        ["sgd-nesterov"] = ps => torch.optim.SGD(ps, learningRate: 0.1, momentum: 0.9, weight_decay: 0.01, nesterov: true),
        ["adam-amsgrad"] = ps => torch.optim.Adam(ps, lr: 0.01, weight_decay: 0.1, amsgrad: true),
    };

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void Lanes_TileTheFlatVectorOnTheGrid(int lanes)
    {
        using var problem = Problem.Mlp();
        using var net = problem.Model();
        using var set = new ParameterSet(net);
        using var shards = new MasterShards(set, Optimizers["sgd-nesterov"], lanes);

        Assert.Equal(lanes, shards.Lanes);
        Assert.Equal(0, shards.Start(0));
        Assert.Equal(set.Numel, shards.End(lanes - 1));
        for (var k = 0; k < lanes; k++)
        {
            Assert.True(shards.Start(k) <= shards.End(k));
            Assert.True(k == 0 || shards.Start(k) == shards.End(k - 1));
            Assert.True(shards.Start(k) % 64 == 0 || shards.Start(k) == set.Numel);
        }
    }

    [Theory]
    [InlineData("sgd-nesterov")]
    [InlineData("adam-amsgrad")]
    public void Step_EveryLane_EqualsTheWholeModelsUpdate(string optimizer)
    {
        // Element-wise optimizers: the lanes' updates, with their own state, are the whole update.
        using var problem = Problem.Mlp();
        torch.manual_seed(1);
        using var whole = problem.Model();
        torch.manual_seed(1);
        using var sharded = problem.Model();
        using var wholeSet = new ParameterSet(whole);
        using var set = new ParameterSet(sharded);
        using var wholeOptimizer = Optimizers[optimizer](wholeSet.Parameters);
        using var shards = new MasterShards(set, Optimizers[optimizer], lanes: 3);
        var random = new Random(2);

        for (var step = 0; step < 4; step++)
        {
            var gradient = Enumerable.Range(0, (int)set.Numel).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            gradient.CopyTo(wholeSet.Gradients, 0);
            gradient.CopyTo(set.Gradients, 0);
            wholeOptimizer.step();
            for (var lane = 0; lane < shards.Lanes; lane++) shards.Step(lane);
        }

        Assert.NotEqual(Problem.Values(problem.Model()).SelectMany(v => v), set.Values); // it moved
        Problem.AssertClose(Problem.Values(whole), Problem.Values(sharded), tolerance: 1e-6);
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(2, 3)] // a device is gone: two participants share three lanes
    public async Task Rendezvous_WithMaster_SumsIntoTheMasterAndStepsEveryLaneOnce(int participants, int lanes)
    {
        using var problem = Problem.Mlp();
        using var net = problem.Model();
        using var set = new ParameterSet(net);
        var before = set.Values.ToArray();
        const double lr = 0.5;
        using var shards = new MasterShards(set, ps => torch.optim.SGD(ps, learningRate: lr), lanes);
        var rendezvous = new GradientRendezvous(TimeSpan.FromSeconds(30), shards);
        var random = new Random(4);
        var gradients = Enumerable.Range(0, participants)
            .Select(_ => Enumerable.Range(0, (int)set.Numel).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var originals = gradients.Select(g => g.ToArray()).ToArray();
        var weights = participants == 3 ? new[] { 0.5f, 0.25f, 0.25f } : new[] { 0.75f, 0.25f };

        await Task.WhenAll(Enumerable.Range(0, participants).Select(d => Task.Run(() =>
        {
            var ticket = rendezvous.Join(1, 0, participants, d, weights[d], gradients[d]);
            rendezvous.Reduce(ticket);
            rendezvous.StepMaster(ticket);
            rendezvous.Publish(ticket);
        })));

        for (var i = 0; i < set.Numel; i++)
        {
            var sum = 0f;
            for (var d = 0; d < participants; d++) sum += weights[d] * originals[d][i];
            Assert.Equal(sum, set.Gradients[i]);
            Assert.Equal(before[i] - lr * sum, set.Values[i], 1e-6);
        }
        // The replicas' own buffers are only read.
        Assert.Equal(originals, gradients);
    }

    [Fact]
    public void Rendezvous_WithMaster_ReplicaOfAnotherLayout_ClearError()
    {
        using var problem = Problem.Mlp();
        using var net = problem.Model();
        using var set = new ParameterSet(net);
        using var shards = new MasterShards(set, Optimizers["sgd-nesterov"], 1);
        var rendezvous = new GradientRendezvous(TimeSpan.FromSeconds(30), shards);

        var e = Assert.Throws<InvalidOperationException>(() => rendezvous.Join(1, 0, 1, 0, 1f, new float[set.Numel + 1]));
        Assert.Contains("the master's", e.Message);
        Assert.Contains("differ in layout", e.Message);
    }
}

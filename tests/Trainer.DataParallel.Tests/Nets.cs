using Trainer.Coordinator.DataParallel;
using Trainer.Tests;
using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

/// <summary>The two nets of the equivalence tests, their data, and a plain single-model reference loop.</summary>
internal sealed class Problem : IDisposable
{
    public required Func<Model> Model { get; init; }
    public required Func<Loss> Loss { get; init; }
    public required Tensor X { get; init; }
    public required Tensor Y { get; init; }
    public Func<IEnumerable<Parameter>, Optimizer> Optimizer { get; init; } = ps => torch.optim.SGD(ps, learningRate: 0.1, momentum: 0.9);

    /// <summary>A small classifier: Linear(6,16), ReLU, Linear(16,3), cross-entropy; 23 samples.</summary>
    public static Problem Mlp()
    {
        torch.manual_seed(7);
        return new Problem
        {
            Model = () => nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 3)),
            Loss = () => nn.CrossEntropyLoss(),
            X = torch.randn(23, 6).DetachFromDisposeScope(),
            Y = torch.randint(0, 3, new long[] { 23 }).DetachFromDisposeScope(),
        };
    }

    /// <summary>The book's tied-parameter net: one Linear(8,8) used twice; MSE regression; 23 samples.</summary>
    public static Problem Tied()
    {
        torch.manual_seed(11);
        return new Problem
        {
            Model = () =>
            {
                var shared = nn.Linear(8, 8);
                return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared,
                    nn.ReLU(), nn.Linear(8, 1));
            },
            Loss = () => nn.MSELoss(),
            X = torch.randn(23, 4).DetachFromDisposeScope(),
            Y = torch.randn(23, 1).DetachFromDisposeScope(),
        };
    }

    /// <summary>The PyTorch tour's DynamicNet: Linear(6,16), a Linear(16,16) reused 0-3 times per forward (seeded by each batch), Linear(16,3); cross-entropy; 23 samples.</summary>
    public static Problem Dynamic()
    {
        torch.manual_seed(13);
        return new Problem
        {
            Model = () => new Trainer.Shared.Modules.ReusedLayerNet(6, 16, 3, seed: 5),
            Loss = () => nn.CrossEntropyLoss(),
            X = torch.randn(23, 6).DetachFromDisposeScope(),
            Y = torch.randint(0, 3, new long[] { 23 }).DetachFromDisposeScope(),
        };
    }

    public static Problem ByName(string name) => name switch { "tied" => Tied(), "dynamic" => Dynamic(), _ => Mlp() };

    /// <summary>Global batches of 7 over 23 samples in a fixed shuffled order: 7, 7, 7, 2 (uneven on 2 and 3 devices, a smaller last).</summary>
    public static long[][] Batches(int epochs = 1)
    {
        var order = new long[] { 5, 17, 0, 22, 9, 3, 14, 8, 19, 1, 11, 20, 6, 13, 2, 16, 21, 4, 10, 18, 7, 15, 12 };
        return Enumerable.Range(0, epochs).SelectMany(_ => order.Chunk(7)).ToArray();
    }

    public TensorBatchSource Data => new(X, Y);

    public DataParallelTrainer Trainer(string devices, DataParallelMode mode, FailureInjection? failure = null, long seed = 3,
        ShardBalance balance = ShardBalance.Even, TimeSpan? deadline = null)
    {
        torch.manual_seed(seed);
        return DataParallelTrainer.Create(Options(devices, mode, failure, balance, deadline));
    }

    public DataParallelOptions Options(string devices, DataParallelMode mode, FailureInjection? failure = null,
        ShardBalance balance = ShardBalance.Even, TimeSpan? deadline = null) =>
        new(Model, Loss, Optimizer, DeviceSpecs.Parse(devices), Data, mode,
            Failure: failure, Balance: balance, StepTimeout: TimeSpan.FromSeconds(60), // a hang fails in a minute, not five
            StepDeadline: deadline);

    /// <summary>The same batches on one plain model (no actors): the parameters data parallelism must reproduce.</summary>
    public float[][] Reference(IEnumerable<long[]> batches, long seed = 3)
    {
        torch.manual_seed(seed);
        using var net = Model();
        using var loss = Loss();
        using var opt = Optimizer(net.parameters());
        PlainTraining.Train(net, loss, opt, X, Y, batches);
        return Values(net);
    }

    public static float[][] Values(Model net) =>
        net.named_parameters().Select(np => { using var d = np.parameter.detach(); return d.data<float>().ToArray(); }).ToArray();

    public static void AssertClose(float[][] expected, float[][] actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Length, actual[i].Length);
            for (var j = 0; j < expected[i].Length; j++)
                Assert.True(Math.Abs(expected[i][j] - actual[i][j]) <= tolerance,
                    $"parameter {i} element {j}: expected {expected[i][j]}, got {actual[i][j]}");
        }
    }

    public void Dispose()
    {
        X.Dispose();
        Y.Dispose();
    }
}

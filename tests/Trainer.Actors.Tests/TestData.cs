using Trainer.Shared.Telemetry;
using Trainer.Tests;
using Trainer.Worker;

namespace Trainer.Actors.Tests;

/// <summary>
/// The replicas' problem: 23 samples of 6 features in 3 classes, the <see cref="RecordingMlp"/>
/// that classifies them (its instances write to <see cref="Log"/>), cross-entropy and SGD with
/// momentum, and the plain single-model computations the actors must reproduce.
/// Owns the data tensors: free it only once the actors that gather from them have stopped.
/// </summary>
internal sealed class TestData : IDisposable
{
    public const int Features = 6;
    public const int Classes = 3;
    public const int Samples = 23;

    public TestData()
    {
        torch.manual_seed(7);
        X = torch.randn(Samples, Features);
        Y = torch.randint(0, Classes, [Samples]);
    }

    public Tensor X { get; }
    public Tensor Y { get; }
    public ReplicaLog Log { get; } = new();
    public TensorBatchSource Data => new(X, Y);
    public TraceRecorder Trace { get; } = new();

    public Model NewModel() => new RecordingMlp(Log);
    public static Loss NewLoss() => nn.CrossEntropyLoss();
    public static Optimizer NewOptimizer(IEnumerable<Parameter> parameters) => torch.optim.SGD(parameters, learningRate: 0.1, momentum: 0.9);

    /// <summary>What a device needs: parameter-server style (no rendezvous, no optimizer of its own) unless told otherwise.</summary>
    public ReplicaSetup Replica(Func<Model>? model = null, GradientRendezvous? rendezvous = null, bool ownOptimizer = false, FailureInjection? failure = null) =>
        new(model ?? NewModel, NewLoss, Data, Trace, ownOptimizer ? NewOptimizer : null, rendezvous, failure);

    /// <summary>Global batches of 7 over the 23 samples in a fixed shuffled order: 7, 7, 7, 2.</summary>
    public static long[][] Batches()
    {
        var order = new long[] { 5, 17, 0, 22, 9, 3, 14, 8, 19, 1, 11, 20, 6, 13, 2, 16, 21, 4, 10, 18, 7, 15, 12 };
        return order.Chunk(7).ToArray();
    }

    /// <summary>Parameter count of the model: the length of every flat weight and gradient message.</summary>
    public static long Numel => Features * 16 + 16 + 16 * Classes + Classes;

    /// <summary>Weights for a replica: a fresh model's, seeded, in named_parameters order.</summary>
    public static float[] Weights(long seed)
    {
        torch.manual_seed(seed);
        using var net = new RecordingMlp(new ReplicaLog());
        return Flat(net);
    }

    /// <summary>The mean-loss gradient over <paramref name="indices"/> at <paramref name="weights"/> on one plain model, and the shard's loss sum.</summary>
    public (float[] Gradient, double LossSum) ReferenceGradient(float[] weights, long[] indices)
    {
        using var net = new RecordingMlp(new ReplicaLog());
        Load(net, weights);
        using var loss = NewLoss();
        using var scope = torch.NewDisposeScope();
        var index = torch.tensor(indices);
        var l = loss.call(net.call(X.index_select(0, index)), Y.index_select(0, index));
        l.backward();
        var gradient = net.parameters().SelectMany(p =>
        {
            using var g = p.grad ?? throw new InvalidOperationException("backward left a parameter without a gradient");
            return g.data<float>().ToArray();
        }).ToArray();
        return (gradient, l.ToDouble() * indices.Length);
    }

    /// <summary>The batches trained on one plain model from the weights a seeded factory call gives: what data parallelism must end with.</summary>
    public float[] Reference(IEnumerable<long[]> batches, long seed)
    {
        torch.manual_seed(seed);
        using var net = new RecordingMlp(new ReplicaLog());
        using var loss = NewLoss();
        using var optimizer = NewOptimizer(net.parameters());
        PlainTraining.Train(net, loss, optimizer, X, Y, batches);
        return Flat(net);
    }

    public static float[] Flat(Model net) =>
        net.parameters().SelectMany(p => { using var d = p.detach(); return d.data<float>().ToArray(); }).ToArray();

    private static void Load(Model net, float[] values)
    {
        using var _ = torch.no_grad();
        var offset = 0;
        foreach (var p in net.parameters())
        {
            var n = (int)p.numel();
            using var flat = torch.tensor(values.AsSpan(offset, n).ToArray());
            using var shaped = flat.reshape(p.shape);
            p.copy_(shaped);
            offset += n;
        }
    }

    public static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    public void Dispose()
    {
        X.Dispose();
        Y.Dispose();
    }
}

using Trainer.Coordinator.Book;
using System.Diagnostics;
using Trainer.Coordinator.Training;
using Trainer.Shared.Data;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The plain TorchSharp training loop the benchmark holds Trainer's one device against: what a
/// user writes without a harness, doing the work of a Trainer replica's step and nothing more.
/// The same MLP built the same way (seed 0, <see cref="ConciseMlp"/>), SGD lr 0.1, cross-entropy,
/// the same batch order (<see cref="BatchOrder"/>, seed 0), each batch one gather from Fashion-MNIST
/// held in memory, gradients set to none before backward (as a replica's are), and the loss and correct count read
/// back every step as a replica does (`trainer train` reports them); each step in its own dispose
/// scope. No actors, no threads of its own: it runs on the caller's thread, whose intra-op thread
/// count the caller sets (`trainer bench loop-peer` sets 1).
/// With <c>world</c> &gt; 1 it trains share <c>rank</c> of every global
/// batch (rows rank·batch/world up to (rank+1)·batch/world), as a replica of a
/// <c>world</c>-device Trainer would, but alone: one process of the ceiling.
/// </summary>
public sealed class TorchSharpLoop : IScalingRunner
{
    private readonly FashionMNIST data;
    private readonly Sequential net;
    private readonly Loss loss;
    private readonly Optimizer optimizer;
    private readonly Parameter[] parameters;
    private readonly IEnumerator<long[]> order;
    private readonly int from, to;
    private bool disposed;

    public TorchSharpLoop(int hidden, int batch, string dataRoot, int rank = 0, int world = 1)
    {
        if (hidden < 1) throw new ArgumentException($"hidden must be at least 1, got {hidden}");
        if (world < 1 || rank < 0 || rank >= world) throw new ArgumentException($"rank {rank} of world {world}: need 0 <= rank < world");
        if (batch < world) throw new ArgumentException($"batch {batch} has no rows for each of {world} processes");
        from = (int)((long)rank * batch / world);
        to = (int)((long)(rank + 1) * batch / world);
        data = new FashionMNIST(dataRoot, train: true);
        try
        {
            order = BatchOrder.Endless(data.Count, batch, seed: 0).GetEnumerator();
            torch.manual_seed(0); // Trainer's benchmark seeds the same way before building its model
            net = ConciseMlp.Create(hidden);
            net.train();
            loss = nn.CrossEntropyLoss();
            parameters = net.parameters().ToArray();
            optimizer = torch.optim.SGD(parameters, 0.1);
        }
        catch
        {
            data.Dispose();
            throw;
        }
        Config = new ScalingResult(ScalingSystems.TorchSharp, ScalingSystems.Loop, 1, batch, hidden, 0, 0);
    }

    public ScalingResult Config { get; }

    /// <summary>Loss summed over the samples trained so far (what a replica reports), and the correct count.</summary>
    public double LossSum { get; private set; }

    public long Correct { get; private set; }

    public long Samples { get; private set; }

    /// <summary>Trains the next <paramref name="steps"/> batches; their rows are cut before the clock starts, as Trainer's runner does.</summary>
    public double Run(int steps)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var rows = new long[steps][];
        for (var i = 0; i < steps && order.MoveNext(); i++) rows[i] = order.Current[from..to];
        var clock = Stopwatch.StartNew();
        foreach (var r in rows) Step(r);
        return clock.Elapsed.TotalSeconds;
    }

    private void Step(long[] rows)
    {
        using var scope = torch.NewDisposeScope();
        using var index = torch.tensor(rows);
        var x = data.images.index_select(0, index);
        var y = data.targets.index_select(0, index);
        var output = net.call(x);
        var l = loss.call(output, y);
        // zero_grad(set_to_none=True), as a replica does: TorchSharp 0.107's zero_grad() zeroes the
        // gradients in place, and backward then adds into them, one more pass over every gradient
        // than a replica makes; a loop doing that would flatter Trainer.
        foreach (var p in parameters) p.grad = null;
        l.backward();
        optimizer.step();
        LossSum += l.ToDouble() * rows.Length;
        Correct += output.argmax(1).eq(y).sum().item<long>();
        Samples += rows.Length;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        order.Dispose();
        optimizer.Dispose();
        loss.Dispose();
        net.Dispose();
        data.Dispose();
    }
}

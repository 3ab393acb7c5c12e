using Trainer.Coordinator.Book;
using System.Diagnostics;
using Trainer.Coordinator.Training;
using Trainer.Shared.Data;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The plain TorchSharp training loop the benchmark holds Trainer's one device against: what a
/// user writes without a harness, doing the work of a Trainer replica's step and nothing more.
/// The same model built the same way (seed 0: for the MLP <see cref="ConciseMlp"/>, SGD lr 0.1,
/// cross-entropy; for a job its own Model, Loss and Optimizer),
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
    private readonly IBatchSource source;
    private readonly IDisposable? data;
    private readonly nn.Module<Tensor, Tensor> net;
    private readonly nn.Module<Tensor, Tensor, Tensor> loss;
    private readonly Optimizer optimizer;
    private readonly Parameter[] parameters;
    private readonly IEnumerator<long[]> order;
    private readonly int from, to;
    private bool disposed;

    /// <summary>The book's MLP of width <paramref name="hidden"/> (SGD lr 0.1) on Fashion-MNIST held in memory.</summary>
    public TorchSharpLoop(int hidden, int batch, string dataRoot, int rank = 0, int world = 1)
        : this(Book.BookJobs.Create(ScalingWorkload.MlpModel, hidden >= 1 ? hidden : throw new ArgumentException($"hidden must be at least 1, got {hidden}"), dataRoot: dataRoot),
            batch, rank, world, hidden, () => new FashionMNIST(dataRoot, train: true))
    {
    }

    /// <summary>The job's own model, loss and optimizer on its training data: a job cell's loop (`bench job-loop-peer`).</summary>
    public TorchSharpLoop(TrainingJob job, int batch, int rank = 0, int world = 1) : this(job, batch, rank, world, 0, null)
    {
    }

    /// <param name="fashion">For the MLP: Fashion-MNIST as one tensor in memory, each batch one gather from it, as the benchmark always had it.</param>
    private TorchSharpLoop(TrainingJob job, int batch, int rank, int world, int hidden, Func<FashionMNIST>? fashion)
    {
        if (world < 1 || rank < 0 || rank >= world) throw new ArgumentException($"rank {rank} of world {world}: need 0 <= rank < world");
        if (batch < world) throw new ArgumentException($"batch {batch} has no rows for each of {world} processes");
        from = (int)((long)rank * batch / world);
        to = (int)((long)(rank + 1) * batch / world);
        if (fashion is not null)
        {
            var images = fashion();
            data = images;
            source = new TensorBatchSource(images.images, images.targets);
        }
        else
        {
            source = job.TrainData() ?? throw new ArgumentException($"job {job.Name}: TrainData returned no source");
            data = source as IDisposable;
        }
        try
        {
            order = BatchOrder.Endless(source.Count, batch, seed: 0).GetEnumerator();
            torch.manual_seed(0); // Trainer's benchmark seeds the same way before building its model
            net = job.Model();
            net.train();
            loss = job.Loss();
            parameters = net.parameters().ToArray();
            optimizer = job.Optimizer(parameters);
        }
        catch
        {
            data?.Dispose();
            throw;
        }
        Config = new ScalingResult(ScalingSystems.TorchSharp, ScalingSystems.Loop, 1, batch, hidden, 0, 0, Workload: fashion is null ? job.Name : null);
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
        var (x, y) = source.Gather(rows);
        var output = net.call(x);
        var l = loss.call(output, y);
        // zero_grad(set_to_none=True), as a replica does: TorchSharp 0.107's zero_grad() zeroes the
        // gradients in place, and backward then adds into them, one more pass over every gradient
        // than a replica makes; a loop doing that would flatter Trainer.
        foreach (var p in parameters) p.grad = null;
        l.backward();
        optimizer.step();
        LossSum += l.ToDouble() * rows.Length;
        if (y.dtype == ScalarType.Int64 && y.dim() == 1) Correct += output.argmax(1).eq(y).sum().item<long>();
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
        data?.Dispose();
    }
}

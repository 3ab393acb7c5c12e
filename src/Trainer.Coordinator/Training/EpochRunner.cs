using Trainer.Shared.Data;
using System.Diagnostics;
using Trainer.Shared.Telemetry;

namespace Trainer.Coordinator.Training;

/// <summary>
/// One epoch of training on one device and the figures over a data set, the book's
/// train_epoch_ch3 and evaluate_accuracy, for any job: batches are gathered from the job's
/// source in the order the data-parallel run uses (<see cref="SampleOrder"/>), so one device and
/// several see the same batches. Each step runs in its own dispose scope, so nothing a step
/// makes outlives it; the only per-step reads back to C# are the loss and the correct count.
/// </summary>
internal static class EpochRunner
{
    /// <summary>Running figures after each batch, for the progress display (accuracy null where the targets are not class indices).</summary>
    internal readonly record struct Progress(long Batch, long Batches, double Loss, double? Accuracy, double SamplesPerSec);

    internal static long Batches(long samples, int batchSize) => (samples + batchSize - 1) / batchSize;

    /// <summary>The indices of batch <paramref name="batch"/> of <paramref name="order"/>.</summary>
    internal static long[] Slice(long[] order, long batch, int batchSize)
    {
        var first = batch * batchSize;
        return order.AsSpan((int)first, (int)Math.Min(batchSize, order.Length - first)).ToArray();
    }

    internal static (double Loss, double? Accuracy, long Samples, double Seconds) Train(
        Model net, Loss loss, Optimizer optimizer, IBatchSource data, long[] order, int batchSize, Device device, bool classIndices,
        Action<Progress>? onBatch = null, TraceRecorder? trace = null, string track = "cpu", long firstStep = 0)
    {
        trace ??= new TraceRecorder();
        net.train();
        double lossSum = 0;
        long correct = 0, samples = 0;
        var batches = Batches(order.Length, batchSize);
        var clock = Stopwatch.StartNew();
        for (long batch = 0; batch < batches; batch++)
        {
            using var scope = torch.NewDisposeScope();
            var step = firstStep + batch + 1;
            var (x, y) = Place(data.Gather(Slice(order, batch, batchSize)), device);
            Tensor output, l;
            using (trace.Span(track, Phase.Forward, step))
            {
                output = net.call(x);
                l = loss.call(output, y);
            }
            using (trace.Span(track, Phase.Backward, step))
            {
                optimizer.zero_grad();
                l.backward();
            }
            using (trace.Span(track, Phase.OptimizerStep, step))
                optimizer.step();

            var n = y.size(0);
            lossSum += l.ToDouble() * n;
            if (classIndices) correct += output.argmax(1).eq(y).sum().item<long>();
            samples += n;
            onBatch?.Invoke(new Progress(batch + 1, batches, lossSum / samples, classIndices ? (double)correct / samples : null, samples / clock.Elapsed.TotalSeconds));
        }
        return (lossSum / samples, classIndices ? (double)correct / samples : null, samples, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The mean loss and (for class indices) the accuracy of <paramref name="net"/> over all of <paramref name="data"/>, in eval mode without gradients.</summary>
    internal static (double Loss, double? Accuracy) Evaluate(Model net, Loss loss, IBatchSource data, int batchSize, Device device, bool classIndices)
    {
        net.eval();
        double lossSum = 0;
        long correct = 0, samples = 0;
        var order = new long[data.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        try
        {
            using (torch.no_grad())
                for (long batch = 0; batch < Batches(order.Length, batchSize); batch++)
                {
                    using var scope = torch.NewDisposeScope();
                    var (x, y) = Place(data.Gather(Slice(order, batch, batchSize)), device);
                    var output = net.call(x);
                    var n = y.size(0);
                    lossSum += loss.call(output, y).ToDouble() * n;
                    if (classIndices) correct += output.argmax(1).eq(y).sum().item<long>();
                    samples += n;
                }
        }
        finally
        {
            net.train();
        }
        return (lossSum / samples, classIndices ? (double)correct / samples : null);
    }

    /// <summary>A gathered batch on the run's device (the CPU tensors stay in the step's scope).</summary>
    private static (Tensor x, Tensor y) Place((Tensor x, Tensor y) batch, Device device) =>
        device.type == DeviceType.CPU ? batch : (batch.x.to(device), batch.y.to(device));
}

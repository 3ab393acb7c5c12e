using Trainer.Shared.Data;
using System.Diagnostics;
using Trainer.Shared.Telemetry;

namespace Trainer.Coordinator.Training;

/// <summary>
/// One epoch of training and the accuracy over a data set, the book's train_epoch_ch3 and
/// evaluate_accuracy. Each step runs in its own dispose scope, so nothing a step makes
/// outlives it; the only per-step reads back to C# are the loss and the correct count.
/// </summary>
internal static class EpochRunner
{
    /// <summary>Running figures after each batch, for the progress display.</summary>
    internal readonly record struct Progress(long Batch, long Batches, double Loss, double Accuracy, double SamplesPerSec);

    internal static (double Loss, double Accuracy, long Samples, double Seconds) Train(
        Model net, Loss loss, Optimizer optimizer, TensorDataLoader loader, Action<Progress>? onBatch = null,
        TraceRecorder? trace = null, string track = "cpu", long firstStep = 0)
    {
        trace ??= new TraceRecorder();
        net.train();
        double lossSum = 0;
        long correct = 0, samples = 0, batch = 0;
        var clock = Stopwatch.StartNew();
        foreach (var (x, y) in loader)
        {
            using var scope = torch.NewDisposeScope();
            var step = firstStep + batch + 1;
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
            correct += output.argmax(1).eq(y).sum().item<long>();
            samples += n;
            batch++;
            onBatch?.Invoke(new Progress(batch, loader.Count, lossSum / samples, (double)correct / samples, samples / clock.Elapsed.TotalSeconds));
        }
        return (lossSum / samples, (double)correct / samples, samples, clock.Elapsed.TotalSeconds);
    }

    internal static double Accuracy(Model net, TensorDataLoader loader)
    {
        net.eval();
        long correct = 0, samples = 0;
        using (torch.no_grad())
            foreach (var (x, y) in loader)
            {
                using var scope = torch.NewDisposeScope();
                correct += net.call(x).argmax(1).eq(y).sum().item<long>();
                samples += y.size(0);
            }
        net.train();
        return (double)correct / samples;
    }
}

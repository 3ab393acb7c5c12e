using System.Globalization;

namespace Trainer.Coordinator.Training;

/// <summary>One line per epoch, for logs and pipes (no cursor movement, no colour).</summary>
/// <remarks>In a cluster run each epoch's line ends with the live worker count.</remarks>
internal sealed class PlainProgress(TextWriter output) : IProgressSink
{
    // Set by the registrar's thread, read by the training loop's; -1: not a cluster run.
    private volatile int workers = -1;

    public void EpochStarted(int epoch, int epochs, long batches) { }

    public void Batch(EpochRunner.Progress progress) { }

    public void EpochDone(EpochStats s, int epochs) => output.WriteLine(Format(s, epochs) + WorkerSuffix(workers));

    public void Message(string line) => output.WriteLine(line);

    public void Workers(int live) => workers = live;

    /// <summary>"  2 workers" in a cluster run; nothing when <paramref name="live"/> is negative (not one).</summary>
    internal static string WorkerSuffix(int live) => live < 0 ? "" : $"  {live} worker{(live == 1 ? "" : "s")}";

    /// <summary>One epoch's line: each figure only where the run has it (accuracy for class indices, test figures for a job with test data).</summary>
    internal static string Format(EpochStats s, int epochs) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {s.Epoch}/{epochs}  loss {s.Loss:F4}{Figure("train acc", s.TrainAccuracy)}{Figure("test loss", s.TestLoss)}{Figure("test acc", s.TestAccuracy)}  {s.SamplesPerSec:N0} samples/s  ({s.Seconds:F1} s)");

    internal static string Figure(string name, double? value) => value is double v ? string.Create(CultureInfo.InvariantCulture, $"  {name} {v:F4}") : "";
}

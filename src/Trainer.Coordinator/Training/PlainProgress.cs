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

    internal static string Format(EpochStats s, int epochs) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {s.Epoch}/{epochs}  loss {s.Loss:F4}  train acc {s.TrainAccuracy:F4}  test acc {s.TestAccuracy:F4}  {s.SamplesPerSec:N0} samples/s  ({s.Seconds:F1} s)");
}

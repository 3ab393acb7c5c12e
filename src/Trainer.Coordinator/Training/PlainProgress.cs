using System.Globalization;

namespace Trainer.Coordinator.Training;

/// <summary>One line per epoch, for logs and pipes (no cursor movement, no colour).</summary>
internal sealed class PlainProgress(TextWriter output) : IProgressSink
{
    public void EpochStarted(int epoch, int epochs, long batches) { }

    public void Batch(EpochRunner.Progress progress) { }

    public void EpochDone(EpochStats s, int epochs) => output.WriteLine(Format(s, epochs));

    public void Message(string line) => output.WriteLine(line);

    internal static string Format(EpochStats s, int epochs) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {s.Epoch}/{epochs}  loss {s.Loss:F4}  train acc {s.TrainAccuracy:F4}  test acc {s.TestAccuracy:F4}  {s.SamplesPerSec:N0} samples/s  ({s.Seconds:F1} s)");
}

using Trainer.Coordinator.Checkpoints;

namespace Trainer.Coordinator.Tests.Checkpoints;

/// <summary>A checkpoint folder a test owns (removed on Dispose), and checkpoints of made-up runs written into it.</summary>
internal sealed class CheckpointFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("trainer-checkpoints-").FullName;

    public CheckpointWriter Writer => new(Root);

    public static CheckpointProgress Progress(long step) =>
        new(Epoch: 1 + (int)(step / 10), BatchInEpoch: step % 10, BatchesPerEpoch: 10, GlobalStep: step, StepsApplied: step, Seed: 3, BatchSize: 32,
            Samples: 320, Model: "m", OrderHead: [5, 1, 4], OptimizerFiles: ["optimizer.pt"], Epochs: []);

    /// <summary>A checkpoint of step <paramref name="step"/> whose files hold the step's number as text.</summary>
    public Checkpoint Write(long step) => Writer.Write(Progress(step), folder =>
    {
        File.WriteAllText(Path.Combine(folder, Checkpoint.ModelFileName), $"model {step}");
        File.WriteAllText(Path.Combine(folder, "optimizer.pt"), $"optimizer {step}");
    });

    public IReadOnlyList<string> Names => Directory.EnumerateDirectories(Root).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList();

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

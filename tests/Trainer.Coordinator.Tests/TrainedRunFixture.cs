using Trainer.Coordinator.Cli;
using Trainer.Coordinator.Training;

namespace Trainer.Coordinator.Tests;

/// <summary>One real `trainer train --epochs 2 --out DIR` run (a few seconds), shared by the tests that read its output.</summary>
public sealed class TrainedRunFixture : IDisposable
{
    public TrainedRunFixture()
    {
        Dir = Directory.CreateTempSubdirectory("trainer-train-").FullName;
        var log = new StringWriter();
        ExitCode = TrainCommand.Run(Book.BookJobs.Create(), new TrainOptions(Epochs: 2, Seed: 1, Out: Dir), log);
        Log = log.ToString();
    }

    public string Dir { get; }
    public int ExitCode { get; }
    public string Log { get; }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

using System.CommandLine;

namespace Trainer.Coordinator.Cli;

/// <summary>Every subcommand of the app (`trainer`, or a user's executable over its job); each lives in its own file and is listed here.</summary>
internal static class Commands
{
    internal static IEnumerable<Command> All(App.JobSource job)
    {
        yield return InfoCommand.Create();
        yield return TrainCommand.Create(job);
        yield return InspectCommand.Create();
        yield return BenchCommand.Create(job);
        yield return CertCommand.Create();
        yield return CoordinatorCommand.Create(job);
        yield return WorkerCommand.Create(job);
    }
}

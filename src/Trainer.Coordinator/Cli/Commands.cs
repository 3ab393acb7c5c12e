using System.CommandLine;

namespace Trainer.Coordinator.Cli;

/// <summary>Every subcommand of `trainer`; each lives in its own file and is listed here.</summary>
internal static class Commands
{
    internal static IEnumerable<Command> All()
    {
        yield return InfoCommand.Create();
        yield return TrainCommand.Create();
        yield return InspectCommand.Create();
        yield return BenchCommand.Create();
        yield return CertCommand.Create();
        yield return CoordinatorCommand.Create();
        yield return WorkerCommand.Create();
    }
}

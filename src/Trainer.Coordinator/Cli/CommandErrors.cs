using Trainer.Shared;

namespace Trainer.Coordinator.Cli;

/// <summary>
/// The failures a command reports in one line and exits 1 for: bad options or files, a run that
/// could not go on. Anything else is a bug, and keeps its stack trace.
/// </summary>
internal static class CommandErrors
{
    internal static bool IsRunFailure(Exception e) => e is ArgumentException or FileNotFoundException or InvalidDataException or IOException
        or InvalidOperationException or TimeoutException or TorchLoadException or UnauthorizedAccessException or System.Runtime.InteropServices.ExternalException;
}

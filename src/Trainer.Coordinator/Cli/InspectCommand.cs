using System.CommandLine;
using Trainer.Shared.Serialization;

namespace Trainer.Coordinator.Cli;

/// <summary>
/// `trainer inspect FILE`: the keys, shapes and dtypes of a torch.save file (a state_dict, an
/// optimizer state, a checkpoint), in the file's order, without reading tensor data. A file that
/// cannot be read gives one line on stderr and exit code 1, never a stack trace.
/// </summary>
internal static class InspectCommand
{
    internal static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A file written by torch.save (PyTorch's, TorchSharp.PyBridge's or ours)." };
        var command = new Command("inspect", "List the keys, shapes and dtypes of a saved .pt file.") { file };
        command.SetAction(result => Run(result.GetValue(file)!, Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string path, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            // Write measures the whole listing before printing its first line, so a file that
            // fails fails before any output: stdout has all of a listing or none of it.
            MetadataListing.Write(TorchFileMetadata.Read(path), stdout);
            return 0;
        }
        catch (TorchFileException e)
        {
            stderr.WriteLine($"trainer inspect: {path}: {OneLine(e.Message)}");
            return 1;
        }
        // A file is hostile input: should it reach a reader bug, that still ends as one line and
        // exit 1, not a stack trace. Memory exhaustion is the exception: nothing sensible follows it.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine($"trainer inspect: {path}: cannot be read (internal error, please report: {e.GetType().Name}: {OneLine(e.Message)})");
            return 1;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

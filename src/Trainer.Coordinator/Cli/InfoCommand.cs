using System.CommandLine;
using Trainer.Torch;

namespace Trainer.Coordinator.Cli;

/// <summary>`trainer info`: what this build of Trainer can use (threads, CUDA devices).</summary>
internal static class InfoCommand
{
    internal static Command Create()
    {
        var command = new Command("info", "Show the libtorch build, threads and devices Trainer sees.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"intra-op threads: {torch.get_num_threads()}");
            Console.WriteLine($"CUDA built: {torch.cuda.is_built()}, available: {torch.cuda.is_available()}, devices: {torch.cuda.device_count()}");
            Console.WriteLine($"try_all_gpus(): [{string.Join(", ", torch.try_all_gpus())}]");
            return 0;
        });
        return command;
    }
}

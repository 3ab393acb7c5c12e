using System.CommandLine;

namespace Trainer.Coordinator.Cli;

/// <summary>`trainer info`: what this build of Trainer can use (TorchSharp, libtorch, threads, CUDA devices).</summary>
internal static class InfoCommand
{
    internal static Command Create()
    {
        var command = new Command("info", "Show the TorchSharp build, threads and devices Trainer sees.");
        command.SetAction(_ =>
        {
            Trainer.Shared.TorchRuntime.EnsureLoaded();
            Console.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch {torch.__version__}");
            Console.WriteLine($"intra-op threads: {torch.get_num_threads()}");
            Console.WriteLine($"CUDA available: {torch.cuda.is_available()}, devices: {torch.cuda.device_count()}");
            return 0;
        });
        return command;
    }
}

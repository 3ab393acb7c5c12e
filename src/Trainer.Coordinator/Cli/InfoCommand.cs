using System.CommandLine;

namespace Trainer.Coordinator.Cli;

/// <summary>`trainer info`: what this build of Trainer can use (TorchSharp, libtorch, threads, CUDA devices).</summary>
internal static class InfoCommand
{
    internal static Command Create()
    {
        var command = new Command("info", "Show the TorchSharp build, threads and devices Trainer sees.");
        var coreType = new Option<bool>("--openblas-coretype")
        {
            Description = "Print only the OpenBLAS kernel set the benchmarks' PyTorch peer runs (for OPENBLAS_CORETYPE in a shell bench).",
        };
        command.Options.Add(coreType);
        command.SetAction(parse =>
        {
            if (parse.GetValue(coreType))
            {
                Console.WriteLine(Bench.PeerBlas.ForPeer() ?? "");
                return 0;
            }
            Trainer.Shared.TorchRuntime.EnsureLoaded();
            Console.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch {torch.__version__}");
            Console.WriteLine($"intra-op threads: {torch.get_num_threads()}");
            Console.WriteLine($"PyTorch peer's OpenBLAS kernels: {Bench.PeerBlas.ForPeer() ?? "OpenBLAS's own choice"}");
            Console.WriteLine($"CUDA available: {torch.cuda.is_available()}, devices: {torch.cuda.device_count()}");
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using Trainer.Torch;

namespace Trainer.Coordinator.Cli;

/// <summary>`trainer info`: what this build of Trainer can use (BLAS kernels, threads, CUDA devices).</summary>
internal static class InfoCommand
{
    internal static Command Create()
    {
        var command = new Command("info", "Show the libtorch build, threads and devices Trainer sees.");
        var coreType = new Option<bool>("--openblas-coretype")
        {
            Description = "Print only OpenBLAS's kernel set (what to put in OPENBLAS_CORETYPE for a peer process); empty when the BLAS is not OpenBLAS.",
        };
        command.Options.Add(coreType);
        command.SetAction(parse =>
        {
            var kernels = torch.openblas_coretype();
            if (parse.GetValue(coreType))
            {
                Console.WriteLine(kernels ?? "");
                return 0;
            }
            var why = kernels is null ? "libtorch's BLAS is not OpenBLAS"
                : torch.openblas_coretype_chosen_by_trainer() ? "chosen by Trainer from the CPU's instruction sets"
                : "from OPENBLAS_CORETYPE, or OpenBLAS's own detection";
            Console.WriteLine($"OpenBLAS kernels: {kernels ?? "-"} ({why})");
            Console.WriteLine($"intra-op threads: {torch.get_num_threads()}");
            Console.WriteLine($"CUDA built: {torch.cuda.is_built()}, available: {torch.cuda.is_available()}, devices: {torch.cuda.device_count()}");
            Console.WriteLine($"try_all_gpus(): [{string.Join(", ", torch.try_all_gpus())}]");
            return 0;
        });
        return command;
    }
}

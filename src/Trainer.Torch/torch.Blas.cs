using Trainer.Torch.Native;

namespace Trainer.Torch;

public static partial class torch
{
    /// <summary>
    /// The OpenBLAS kernel set this process runs its matrix products with ("SkylakeX",
    /// "Haswell", ...), or null when libtorch's BLAS is not OpenBLAS (a CUDA wheel brings MKL).
    /// Not in PyTorch: Trainer picks the kernels from the CPU's instruction sets unless
    /// OPENBLAS_CORETYPE is set, because OpenBLAS falls back to SSE3 on CPUs newer than itself.
    /// </summary>
    public static string? openblas_coretype()
    {
        NativeMethods.trn_get_num_threads(); // makes sure libtorch, and with it the BLAS, is loaded
        return OpenBlasKernels.Loaded();
    }

    /// <summary>True when Trainer chose OpenBLAS's kernels itself (OPENBLAS_CORETYPE was unset).</summary>
    public static bool openblas_coretype_chosen_by_trainer()
    {
        NativeMethods.trn_get_num_threads();
        return OpenBlasKernels.Selected is not null;
    }
}

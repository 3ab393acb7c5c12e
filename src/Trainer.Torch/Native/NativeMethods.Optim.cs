using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// optim.cpp: whole per-parameter optimizer updates, and zero_grad.
internal static partial class NativeMethods
{
    [LibraryImport(Lib)]
    internal static partial int trn_optim_sgd_update(TensorHandle param, TensorHandle momentumBuffer,
        double lr, double momentum, double dampening, double weightDecay,
        [MarshalAs(UnmanagedType.U1)] bool nesterov, [MarshalAs(UnmanagedType.U1)] bool maximize);

    [LibraryImport(Lib)]
    internal static partial int trn_optim_adam_update(TensorHandle param, TensorHandle step,
        TensorHandle expAvg, TensorHandle expAvgSq, TensorHandle maxExpAvgSq,
        double lr, double beta1, double beta2, double eps, double weightDecay,
        [MarshalAs(UnmanagedType.U1)] bool amsgrad, [MarshalAs(UnmanagedType.U1)] bool maximize);

    [LibraryImport(Lib)]
    internal static partial int trn_optim_zero_grad(TensorHandle param, [MarshalAs(UnmanagedType.U1)] bool setToNone);
}

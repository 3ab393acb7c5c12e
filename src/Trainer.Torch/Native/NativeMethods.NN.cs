using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// nn_functional.cpp: layer forwards, activations, losses, and swapping a parameter's data.
internal static partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr trn_nn_linear(TensorHandle x, TensorHandle weight, TensorHandle bias);
    [LibraryImport(Lib)] internal static partial IntPtr trn_nn_relu(TensorHandle x);
    [LibraryImport(Lib)] internal static partial IntPtr trn_nn_dropout(TensorHandle x, double p, [MarshalAs(UnmanagedType.U1)] bool train);
    [LibraryImport(Lib)] internal static partial IntPtr trn_nn_softmax(TensorHandle x, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_nn_log_softmax(TensorHandle x, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_nn_flatten(TensorHandle x, long startDim, long endDim);
    [LibraryImport(Lib)]
    internal static partial IntPtr trn_nn_cross_entropy(TensorHandle input, TensorHandle target, int reduction,
        long ignoreIndex, double labelSmoothing);
    [LibraryImport(Lib)] internal static partial IntPtr trn_nn_mse_loss(TensorHandle input, TensorHandle target, int reduction);
    [LibraryImport(Lib)] internal static partial int trn_nn_set_data(TensorHandle param, TensorHandle value);
}

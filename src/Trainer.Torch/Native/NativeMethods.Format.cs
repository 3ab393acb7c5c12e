using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// tensor_format.cpp: what ToString needs besides the values.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int trn_tensor_grad_fn_name(TensorHandle t, byte* output, int capacity);
}

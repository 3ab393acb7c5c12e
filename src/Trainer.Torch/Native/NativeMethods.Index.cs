using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// tensor_index.cpp: Python-style indexing and assignment, gathers.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_index(TensorHandle t, TensorIndex.Native* idx, int n);
    [LibraryImport(Lib)] internal static partial int trn_tensor_index_put(TensorHandle t, TensorIndex.Native* idx, int n, TensorHandle value);
    [LibraryImport(Lib)] internal static partial int trn_tensor_index_put_scalar(TensorHandle t, TensorIndex.Native* idx, int n, double value);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_index_select(TensorHandle t, long dim, TensorHandle index);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_gather(TensorHandle t, long dim, TensorHandle index);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_masked_select(TensorHandle t, TensorHandle mask);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_nonzero(TensorHandle t);
}

using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// tensor_linalg.cpp and the extra in-place updates of tensor_inplace.cpp.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_mm(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_mv(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_dot(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_bmm(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_outer(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_norm(TensorHandle t, double p);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_norm_dims(TensorHandle t, double p, long* dims, int ndim, [MarshalAs(UnmanagedType.U1)] bool keepdim);

    [LibraryImport(Lib)] internal static partial int trn_tensor_sub_(TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Lib)] internal static partial int trn_tensor_sub_scalar_(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial int trn_tensor_div_(TensorHandle a, TensorHandle b);
}

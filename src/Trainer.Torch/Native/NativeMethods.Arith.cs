using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// tensor_arith.cpp and tensor_inplace.cpp: elementwise arithmetic, matmul, in-place updates.
internal static partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_add(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_sub(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_mul(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_div(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_matmul(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_add_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_sub_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_mul_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_div_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_rsub_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_rdiv_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_add_long(TensorHandle a, long s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_sub_long(TensorHandle a, long s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_mul_long(TensorHandle a, long s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_div_long(TensorHandle a, long s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_rsub_long(TensorHandle a, long s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_rdiv_long(TensorHandle a, long s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_add_alpha(TensorHandle a, TensorHandle b, double alpha);

    [LibraryImport(Lib)] internal static partial int trn_tensor_add_(TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Lib)] internal static partial int trn_tensor_add_scalar_(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial int trn_tensor_mul_(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial int trn_tensor_mul_scalar_(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial int trn_tensor_div_scalar_(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial int trn_tensor_zero_(TensorHandle a);
    [LibraryImport(Lib)] internal static partial int trn_tensor_fill_(TensorHandle a, double value);
    [LibraryImport(Lib)] internal static partial int trn_tensor_copy_(TensorHandle a, TensorHandle src);
    [LibraryImport(Lib)] internal static partial int trn_tensor_uniform_(TensorHandle a, double from, double to);
    [LibraryImport(Lib)] internal static partial int trn_tensor_normal_(TensorHandle a, double mean, double std);
}

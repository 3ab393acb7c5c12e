using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// tensor_compare.cpp: comparisons, logical ops, where, equality tests.
internal static partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_eq(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_ne(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_lt(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_le(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_gt(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_ge(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_eq_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_ne_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_lt_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_le_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_gt_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_ge_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_maximum(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_minimum(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_logical_not(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_logical_and(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_logical_or(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_logical_xor(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_isnan(TensorHandle a);
    [LibraryImport(Lib)] internal static partial IntPtr trn_where(TensorHandle cond, TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_masked_fill(TensorHandle t, TensorHandle mask, double value);
    [LibraryImport(Lib)] internal static partial int trn_tensor_masked_fill_(TensorHandle t, TensorHandle mask, double value);
    [LibraryImport(Lib)] internal static partial int trn_tensor_equal(TensorHandle a, TensorHandle b, [MarshalAs(UnmanagedType.U1)] out bool result);
    [LibraryImport(Lib)]
    internal static partial int trn_tensor_allclose(TensorHandle a, TensorHandle b, double rtol, double atol,
        [MarshalAs(UnmanagedType.U1)] bool equalNan, [MarshalAs(UnmanagedType.U1)] out bool result);
}

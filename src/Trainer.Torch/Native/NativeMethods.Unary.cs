using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// tensor_unary.cpp: elementwise math on one tensor, powers, clamping.
internal static partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_exp(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_log(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_abs(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_neg(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_sqrt(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_rsqrt(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_square(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_sin(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_cos(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_floor(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_ceil(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_round(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_sign(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_reciprocal(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_log2(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_log1p(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_expm1(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int trn_tensor_exp_(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int trn_tensor_log_(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int trn_tensor_abs_(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int trn_tensor_neg_(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int trn_tensor_sqrt_(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int trn_tensor_square_(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_pow_scalar(TensorHandle t, double exponent);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_pow(TensorHandle t, TensorHandle exponent);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_rpow_scalar(TensorHandle t, double b);
    [LibraryImport(Lib)] internal static partial int trn_tensor_pow_scalar_(TensorHandle t, double exponent);
    [LibraryImport(Lib)]
    internal static partial IntPtr trn_tensor_clamp(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool hasLo, double lo,
        [MarshalAs(UnmanagedType.U1)] bool hasHi, double hi);
    [LibraryImport(Lib)]
    internal static partial int trn_tensor_clamp_(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool hasLo, double lo,
        [MarshalAs(UnmanagedType.U1)] bool hasHi, double hi);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_remainder_scalar(TensorHandle t, double s);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_remainder(TensorHandle t, TensorHandle s);
}

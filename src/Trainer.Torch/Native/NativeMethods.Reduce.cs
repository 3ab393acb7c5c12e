using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// tensor_reduce.cpp: reductions and cumulative sums.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_sum(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_sum_dims(TensorHandle t, long* dims, int ndim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_mean(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_mean_dims(TensorHandle t, long* dims, int ndim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_prod(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_prod_dim(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_std(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool unbiased);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_std_dims(TensorHandle t, long* dims, int ndim, [MarshalAs(UnmanagedType.U1)] bool unbiased, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_var(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool unbiased);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_var_dims(TensorHandle t, long* dims, int ndim, [MarshalAs(UnmanagedType.U1)] bool unbiased, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_max(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_min(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int trn_tensor_max_dim(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial int trn_tensor_min_dim(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_argmax(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool hasDim, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_argmin(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool hasDim, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_cumsum(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_cumprod(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_all(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_any(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_all_dim(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_any_dim(TensorHandle t, long dim, [MarshalAs(UnmanagedType.U1)] bool keepdim);
}

using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// tensor_core.cpp: lifetime, metadata, data in and out.
internal static partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial void trn_tensor_free(IntPtr t);
    [LibraryImport(Lib)]
    internal static unsafe partial IntPtr trn_tensor_from_data(void* data, long* dims, int ndim, int dtype,
        int deviceType, int deviceIndex, [MarshalAs(UnmanagedType.U1)] bool requiresGrad);
    [LibraryImport(Lib)]
    internal static unsafe partial IntPtr trn_tensor_from_array(void* data, long* dims, int ndim, int dtype,
        delegate* unmanaged<IntPtr, void> release, IntPtr context);
    [LibraryImport(Lib)] internal static partial int trn_tensor_dim(TensorHandle t);
    [LibraryImport(Lib)] internal static unsafe partial void trn_tensor_sizes(TensorHandle t, long* output);
    [LibraryImport(Lib)] internal static partial long trn_tensor_data_ptr(TensorHandle t);
    [LibraryImport(Lib)] internal static partial long trn_tensor_numel(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int trn_tensor_dtype(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int trn_tensor_device_type(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int trn_tensor_device_index(TensorHandle t);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool trn_tensor_defined(TensorHandle t);
    [LibraryImport(Lib)] internal static unsafe partial int trn_tensor_copy_to(TensorHandle t, void* output, long bytes);
    [LibraryImport(Lib)] internal static unsafe partial int trn_tensor_copy_from(TensorHandle t, void* data, long bytes);
    [LibraryImport(Lib)] internal static partial int trn_tensor_item_double(TensorHandle t, out double value);
    [LibraryImport(Lib)] internal static partial int trn_tensor_item_long(TensorHandle t, out long value);
    [LibraryImport(Lib)]
    internal static partial IntPtr trn_tensor_to(TensorHandle t, int dtype, int deviceType, int deviceIndex,
        [MarshalAs(UnmanagedType.U1)] bool copy);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_clone(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_detach(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_contiguous(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_undefined();
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_alias(TensorHandle t);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool trn_tensor_same(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool trn_tensor_is_contiguous(TensorHandle t);
    [LibraryImport(Lib)] internal static unsafe partial int trn_tensor_print(TensorHandle t, byte* output, int capacity);
}

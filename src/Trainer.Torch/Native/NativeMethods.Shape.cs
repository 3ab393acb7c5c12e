using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// tensor_shape.cpp: views, joining and splitting.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_reshape(TensorHandle t, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_view(TensorHandle t, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_expand(TensorHandle t, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_flatten(TensorHandle t, long start, long end);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_transpose(TensorHandle t, long d0, long d1);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_t(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_permute(TensorHandle t, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_unsqueeze(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_squeeze(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_squeeze_dim(TensorHandle t, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_narrow(TensorHandle t, long dim, long start, long length);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_select(TensorHandle t, long dim, long index);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_repeat(TensorHandle t, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_flip(TensorHandle t, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_cat(IntPtr* tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_stack(IntPtr* tensors, int n, long dim);
    [LibraryImport(Lib)] internal static partial int trn_tensor_split(TensorHandle t, long size, long dim, IntPtr* output, int capacity);
    [LibraryImport(Lib)] internal static partial int trn_tensor_chunk(TensorHandle t, long chunks, long dim, IntPtr* output, int capacity);
}

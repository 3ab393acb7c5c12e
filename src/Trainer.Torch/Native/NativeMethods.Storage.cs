using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// tensor_storage.cpp: storages, offsets and strides for torch.save / torch.load.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial long trn_tensor_storage_id(TensorHandle t);
    [LibraryImport(Lib)] internal static partial long trn_tensor_storage_nbytes(TensorHandle t);
    [LibraryImport(Lib)] internal static partial long trn_tensor_storage_offset(TensorHandle t);
    [LibraryImport(Lib)] internal static partial void trn_tensor_strides(TensorHandle t, long* output);
    [LibraryImport(Lib)] internal static partial int trn_tensor_storage_copy_to(TensorHandle t, void* output, long bytes);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_from_bytes(void* data, long nbytes, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_on_storage(TensorHandle b, long offset, long* sizes, long* strides, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_as_strided(TensorHandle t, long* sizes, long* strides, int ndim, long offset);
}

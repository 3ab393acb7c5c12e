using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// tensor_create.cpp: factories.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr trn_zeros(long* dims, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr trn_ones(long* dims, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr trn_empty(long* dims, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr trn_full(long* dims, int ndim, int dtype, int deviceType, int deviceIndex, double value);
    [LibraryImport(Lib)] internal static partial IntPtr trn_rand(long* dims, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr trn_randn(long* dims, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr trn_randint(long low, long high, long* dims, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr trn_arange(double start, double end, double step, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr trn_eye(long n, long m, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr trn_zeros_like(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_ones_like(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_scalar_tensor(double value, int dtype, int deviceType, int deviceIndex);
}

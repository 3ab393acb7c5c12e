using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// autograd.cpp and device.cpp: gradients, grad mode, seed, threads, devices.
internal static partial class NativeMethods
{
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool trn_tensor_requires_grad(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int trn_tensor_set_requires_grad(TensorHandle t, [MarshalAs(UnmanagedType.U1)] bool value);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool trn_tensor_is_leaf(TensorHandle t);
    [LibraryImport(Lib)] internal static partial IntPtr trn_tensor_grad(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int trn_tensor_set_grad(TensorHandle t, TensorHandle grad);
    [LibraryImport(Lib)] internal static partial int trn_tensor_backward(TensorHandle t, TensorHandle grad, [MarshalAs(UnmanagedType.U1)] bool retainGraph);
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool trn_grad_enabled();
    [LibraryImport(Lib)] internal static partial void trn_set_grad_enabled([MarshalAs(UnmanagedType.U1)] bool enabled);
    [LibraryImport(Lib)] internal static partial void trn_manual_seed(ulong seed);
    [LibraryImport(Lib)] internal static partial int trn_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int trn_get_num_threads();
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool trn_cuda_is_available();
    [LibraryImport(Lib)] internal static partial int trn_cuda_device_count();
    [LibraryImport(Lib)] [return: MarshalAs(UnmanagedType.U1)] internal static partial bool trn_cuda_is_built();
}

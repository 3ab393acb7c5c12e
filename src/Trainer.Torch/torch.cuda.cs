using Trainer.Torch.Native;

namespace Trainer.Torch;

public static partial class torch
{
    /// <summary>PyTorch's <c>torch.cuda</c>: what GPUs this process can use.</summary>
    public static class cuda
    {
        public static bool is_available() => NativeMethods.trn_cuda_is_available();
        public static int device_count() => NativeMethods.trn_cuda_device_count();
        /// <summary>Whether the shim was built against a CUDA libtorch at all.</summary>
        public static bool is_built() => NativeMethods.trn_cuda_is_built();
    }

    /// <summary>The book's <c>try_gpu(i)</c>: <c>cuda:i</c> if that GPU exists, else the CPU.</summary>
    public static Device try_gpu(int i = 0) =>
        cuda.device_count() >= i + 1 ? new Device(DeviceType.CUDA, i) : Device.CPU;

    /// <summary>The book's <c>try_all_gpus()</c>: every GPU, or <c>[cpu]</c> when there is none.</summary>
    public static IReadOnlyList<Device> try_all_gpus()
    {
        var n = cuda.device_count();
        return n == 0 ? new[] { Device.CPU } : Enumerable.Range(0, n).Select(i => new Device(DeviceType.CUDA, i)).ToArray();
    }
}

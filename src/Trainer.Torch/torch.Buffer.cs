using Trainer.Torch.Native;

namespace Trainer.Torch;

public static partial class torch
{
    /// <summary>
    /// A 1-d tensor holding a copy of raw little-endian bytes as elements of
    /// <paramref name="dtype"/> (PyTorch's <c>frombuffer</c>, but copying).
    /// </summary>
    internal static unsafe Tensor frombuffer(ReadOnlySpan<byte> bytes, ScalarType dtype, Device? device = null)
    {
        var size = dtype.ElementSize();
        if (bytes.Length % size != 0)
            throw new ArgumentException($"{bytes.Length} bytes are not a whole number of {size}-byte {dtype} elements");
        var dev = device ?? Device.CPU;
        fixed (byte* p = bytes)
            return NativeMethods.CheckTensor(NativeMethods.trn_tensor_from_bytes(p, bytes.Length, (int)dtype, (int)dev.type, dev.index));
    }
}

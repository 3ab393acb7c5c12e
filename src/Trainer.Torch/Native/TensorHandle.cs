using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

/// <summary>
/// Owns one native <c>torch::Tensor*</c>. Released exactly once, by Dispose or, for a
/// tensor nobody disposed, by the finalizer. <see cref="Live"/> counts handles not yet
/// released, which is how tests prove a training step leaves nothing behind.
/// </summary>
internal sealed class TensorHandle : SafeHandle
{
    private static long live;

    /// <summary>Native tensors currently owned by C#.</summary>
    internal static long Live => Interlocked.Read(ref live);

    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    internal TensorHandle(IntPtr raw) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(raw);
        Interlocked.Increment(ref live);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.trn_tensor_free(handle);
        Interlocked.Decrement(ref live);
        return true;
    }
}

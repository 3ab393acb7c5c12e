using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

/// <summary>
/// Owns one native process group (its Gloo context and its TCPStore). Releasing it frees the
/// sockets without waiting for peers (the finalizer must never block; the handshake is
/// <see cref="Distributed.ProcessGroup.Dispose"/>'s job). A collective in flight on another
/// thread holds a reference (SafeHandle marshalling), so the group is never freed under it.
/// </summary>
internal sealed class ProcessGroupHandle : SafeHandle
{
    public ProcessGroupHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    internal ProcessGroupHandle(IntPtr raw) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(raw);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.trn_pg_free(handle);
        return true;
    }
}

using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

/// <summary>
/// Owns one native process group (its Gloo context and its TCPStore). Releasing it runs the
/// clean-shutdown handshake; a collective in flight on another thread holds a reference
/// (SafeHandle marshalling), so Dispose can never free the group under a running call.
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

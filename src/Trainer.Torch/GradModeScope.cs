using Trainer.Torch.Native;

namespace Trainer.Torch;

/// <summary>
/// Sets libtorch's per-thread grad mode and restores the previous one when disposed.
/// Must be disposed on the thread that created it (grad mode is thread-local, as in PyTorch).
/// </summary>
public sealed class GradModeScope : IDisposable
{
    private readonly bool previous;
    private bool disposed;

    internal GradModeScope(bool enabled)
    {
        previous = NativeMethods.trn_grad_enabled();
        NativeMethods.trn_set_grad_enabled(enabled);
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        NativeMethods.trn_set_grad_enabled(previous);
    }
}

using Trainer.Torch.Native;

namespace Trainer.Torch;

/// <summary>
/// A tensor that is a module's learnable state, as PyTorch's <c>nn.Parameter</c>: a leaf
/// sharing storage with the tensor it was made from, requiring grad by default. A parameter
/// belongs to its module, never to a dispose scope, so a step's scope cannot free it.
/// </summary>
public class Parameter : Tensor
{
    public Parameter(Tensor data, bool requires_grad = true)
        : base(NativeMethods.trn_tensor_detach(data.Handle).ThrowIfZero())
    {
        DisposeScope.Detach(this);
        this.requires_grad = requires_grad;
    }
}

internal static class RawHandleChecks
{
    internal static IntPtr ThrowIfZero(this IntPtr raw) => raw == IntPtr.Zero ? throw NativeMethods.LastError() : raw;
}

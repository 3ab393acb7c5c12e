using Trainer.Torch.Native;

namespace Trainer.Torch;

public partial class Tensor
{
    public bool requires_grad
    {
        get => NativeMethods.trn_tensor_requires_grad(Handle);
        set => NativeMethods.Check(NativeMethods.trn_tensor_set_requires_grad(Handle, value));
    }

    public Tensor requires_grad_(bool value = true)
    {
        requires_grad = value;
        return this;
    }

    public bool is_leaf => NativeMethods.trn_tensor_is_leaf(Handle);

    /// <summary>
    /// The accumulated gradient, or null before any backward. Each read returns a new C#
    /// object over the same native gradient (dispose it, or read it inside a scope);
    /// setting null clears it, as <c>p.grad = None</c>.
    /// </summary>
    public Tensor? grad
    {
        get
        {
            var raw = NativeMethods.trn_tensor_grad(Handle);
            if (raw != IntPtr.Zero) return new Tensor(raw);
            if (NativeMethods.trn_last_error() != IntPtr.Zero) throw NativeMethods.LastError();
            return null;
        }
        set => NativeMethods.Check(NativeMethods.trn_tensor_set_grad(Handle, HandleOrUndefined(value)));
    }

    /// <summary>Backpropagates from this tensor; <paramref name="gradient"/> is needed unless it is a scalar.</summary>
    public void backward(Tensor? gradient = null, bool retain_graph = false) =>
        NativeMethods.Check(NativeMethods.trn_tensor_backward(Handle, HandleOrUndefined(gradient), retain_graph));
}

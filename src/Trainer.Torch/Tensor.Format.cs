using Trainer.Torch.Native;

namespace Trainer.Torch;

// PyTorch-style printing.
public partial class Tensor
{
    /// <summary>The tensor as PyTorch's <c>repr</c> prints it: <c>tensor([[0., 1.],\n        [2., 3.]])</c>.</summary>
    public override string ToString() => IsDisposed ? "tensor(<disposed>)" : TensorFormatter.Repr(this);

    /// <summary>Name of the autograd node that produced this tensor ("AddBackward0"), or null for a leaf.</summary>
    public unsafe string? grad_fn_name()
    {
        var n = NativeMethods.trn_tensor_grad_fn_name(Handle, null, 0);
        if (n < 0) throw NativeMethods.LastError();
        if (n == 0) return null;
        var buffer = new byte[n + 1];
        fixed (byte* p = buffer) NativeMethods.trn_tensor_grad_fn_name(Handle, p, buffer.Length);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, n);
    }
}

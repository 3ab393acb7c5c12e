using Trainer.Torch.Native;

namespace Trainer.Torch;

// Linear algebra: matrix products and norms (matmul itself is in Tensor.Arith.cs).
public partial class Tensor
{
    public Tensor mm(Tensor other) => Wrap(NativeMethods.trn_tensor_mm(Handle, other.Handle));
    public Tensor mv(Tensor vec) => Wrap(NativeMethods.trn_tensor_mv(Handle, vec.Handle));
    public Tensor dot(Tensor other) => Wrap(NativeMethods.trn_tensor_dot(Handle, other.Handle));
    public Tensor bmm(Tensor other) => Wrap(NativeMethods.trn_tensor_bmm(Handle, other.Handle));
    public Tensor outer(Tensor other) => Wrap(NativeMethods.trn_tensor_outer(Handle, other.Handle));

    /// <summary>The p-norm of all elements: p = 2 is L2 for a vector and Frobenius for a matrix.</summary>
    public Tensor norm(double p = 2) => Wrap(NativeMethods.trn_tensor_norm(Handle, p));

    public unsafe Tensor norm(double p, long[] dim, bool keepdim = false)
    {
        ArgumentNullException.ThrowIfNull(dim);
        fixed (long* d = dim) return Wrap(NativeMethods.trn_tensor_norm_dims(Handle, p, d, dim.Length, keepdim));
    }

    public Tensor norm(double p, long dim, bool keepdim = false) => norm(p, new[] { dim }, keepdim);
}

using Trainer.Torch.Native;

namespace Trainer.Torch;

// Comparisons (bool tensors), logical ops and whole-tensor equality. `==` and `!=` are left
// as C# reference equality on purpose, so `t == null` keeps its meaning; use eq/ne for values.
public partial class Tensor
{
    public Tensor eq(Tensor other) => Wrap(NativeMethods.trn_tensor_eq(Handle, other.Handle));
    public Tensor ne(Tensor other) => Wrap(NativeMethods.trn_tensor_ne(Handle, other.Handle));
    public Tensor lt(Tensor other) => Wrap(NativeMethods.trn_tensor_lt(Handle, other.Handle));
    public Tensor le(Tensor other) => Wrap(NativeMethods.trn_tensor_le(Handle, other.Handle));
    public Tensor gt(Tensor other) => Wrap(NativeMethods.trn_tensor_gt(Handle, other.Handle));
    public Tensor ge(Tensor other) => Wrap(NativeMethods.trn_tensor_ge(Handle, other.Handle));
    public Tensor eq(double s) => Wrap(NativeMethods.trn_tensor_eq_scalar(Handle, s));
    public Tensor ne(double s) => Wrap(NativeMethods.trn_tensor_ne_scalar(Handle, s));
    public Tensor lt(double s) => Wrap(NativeMethods.trn_tensor_lt_scalar(Handle, s));
    public Tensor le(double s) => Wrap(NativeMethods.trn_tensor_le_scalar(Handle, s));
    public Tensor gt(double s) => Wrap(NativeMethods.trn_tensor_gt_scalar(Handle, s));
    public Tensor ge(double s) => Wrap(NativeMethods.trn_tensor_ge_scalar(Handle, s));

    public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
    public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
    public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
    public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
    public static Tensor operator <(Tensor a, double s) => a.lt(s);
    public static Tensor operator >(Tensor a, double s) => a.gt(s);
    public static Tensor operator <=(Tensor a, double s) => a.le(s);
    public static Tensor operator >=(Tensor a, double s) => a.ge(s);
    public static Tensor operator <(double s, Tensor a) => a.gt(s);
    public static Tensor operator >(double s, Tensor a) => a.lt(s);
    public static Tensor operator <=(double s, Tensor a) => a.ge(s);
    public static Tensor operator >=(double s, Tensor a) => a.le(s);

    /// <summary>Logical ops, as PyTorch's <c>~ &amp; | ^</c> on bool tensors.</summary>
    public static Tensor operator ~(Tensor a) => a.logical_not();
    public static Tensor operator &(Tensor a, Tensor b) => a.logical_and(b);
    public static Tensor operator |(Tensor a, Tensor b) => a.logical_or(b);
    public static Tensor operator ^(Tensor a, Tensor b) => a.logical_xor(b);

    public Tensor maximum(Tensor other) => Wrap(NativeMethods.trn_tensor_maximum(Handle, other.Handle));
    public Tensor minimum(Tensor other) => Wrap(NativeMethods.trn_tensor_minimum(Handle, other.Handle));
    public Tensor logical_not() => Wrap(NativeMethods.trn_tensor_logical_not(Handle));
    public Tensor logical_and(Tensor other) => Wrap(NativeMethods.trn_tensor_logical_and(Handle, other.Handle));
    public Tensor logical_or(Tensor other) => Wrap(NativeMethods.trn_tensor_logical_or(Handle, other.Handle));
    public Tensor logical_xor(Tensor other) => Wrap(NativeMethods.trn_tensor_logical_xor(Handle, other.Handle));
    public Tensor isnan() => Wrap(NativeMethods.trn_tensor_isnan(Handle));

    /// <summary>A copy with <paramref name="value"/> wherever <paramref name="mask"/> is true.</summary>
    public Tensor masked_fill(Tensor mask, double value) => Wrap(NativeMethods.trn_tensor_masked_fill(Handle, mask.Handle, value));
    public Tensor masked_fill_(Tensor mask, double value) => Done(NativeMethods.trn_tensor_masked_fill_(Handle, mask.Handle, value));

    /// <summary>True when both have the same shape and the same values (PyTorch's <c>torch.equal</c>).</summary>
    public bool equal(Tensor other)
    {
        NativeMethods.Check(NativeMethods.trn_tensor_equal(Handle, other.Handle, out var r));
        return r;
    }

    public bool allclose(Tensor other, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false)
    {
        NativeMethods.Check(NativeMethods.trn_tensor_allclose(Handle, other.Handle, rtol, atol, equal_nan, out var r));
        return r;
    }
}

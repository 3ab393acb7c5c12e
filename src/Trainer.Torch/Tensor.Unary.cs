using Trainer.Torch.Native;

namespace Trainer.Torch;

// Elementwise math on one tensor, powers, clamping and remainders.
public partial class Tensor
{
    public static Tensor operator -(Tensor a) => a.neg();
    public static Tensor operator %(Tensor a, double s) => a.remainder(s);
    public static Tensor operator %(Tensor a, Tensor b) => a.remainder(b);

    public Tensor exp() => Wrap(NativeMethods.trn_tensor_exp(Handle));
    public Tensor log() => Wrap(NativeMethods.trn_tensor_log(Handle));
    public Tensor abs() => Wrap(NativeMethods.trn_tensor_abs(Handle));
    public Tensor neg() => Wrap(NativeMethods.trn_tensor_neg(Handle));
    public Tensor sqrt() => Wrap(NativeMethods.trn_tensor_sqrt(Handle));
    public Tensor rsqrt() => Wrap(NativeMethods.trn_tensor_rsqrt(Handle));
    public Tensor square() => Wrap(NativeMethods.trn_tensor_square(Handle));
    public Tensor sin() => Wrap(NativeMethods.trn_tensor_sin(Handle));
    public Tensor cos() => Wrap(NativeMethods.trn_tensor_cos(Handle));
    public Tensor floor() => Wrap(NativeMethods.trn_tensor_floor(Handle));
    public Tensor ceil() => Wrap(NativeMethods.trn_tensor_ceil(Handle));
    public Tensor round() => Wrap(NativeMethods.trn_tensor_round(Handle));
    public Tensor sign() => Wrap(NativeMethods.trn_tensor_sign(Handle));
    public Tensor reciprocal() => Wrap(NativeMethods.trn_tensor_reciprocal(Handle));
    public Tensor log2() => Wrap(NativeMethods.trn_tensor_log2(Handle));
    public Tensor log1p() => Wrap(NativeMethods.trn_tensor_log1p(Handle));
    public Tensor expm1() => Wrap(NativeMethods.trn_tensor_expm1(Handle));

    public Tensor exp_() => Done(NativeMethods.trn_tensor_exp_(Handle));
    public Tensor log_() => Done(NativeMethods.trn_tensor_log_(Handle));
    public Tensor abs_() => Done(NativeMethods.trn_tensor_abs_(Handle));
    public Tensor neg_() => Done(NativeMethods.trn_tensor_neg_(Handle));
    public Tensor sqrt_() => Done(NativeMethods.trn_tensor_sqrt_(Handle));
    public Tensor square_() => Done(NativeMethods.trn_tensor_square_(Handle));

    public Tensor pow(double exponent) => Wrap(NativeMethods.trn_tensor_pow_scalar(Handle, exponent));
    public Tensor pow(Tensor exponent) => Wrap(NativeMethods.trn_tensor_pow(Handle, exponent.Handle));
    public Tensor pow_(double exponent) => Done(NativeMethods.trn_tensor_pow_scalar_(Handle, exponent));

    /// <summary>Values limited to [min, max]; either bound may be left out.</summary>
    public Tensor clamp(double? min = null, double? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("clamp needs at least one of min and max");
        return Wrap(NativeMethods.trn_tensor_clamp(Handle, min.HasValue, min ?? 0, max.HasValue, max ?? 0));
    }

    public Tensor clamp_(double? min = null, double? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("clamp_ needs at least one of min and max");
        return Done(NativeMethods.trn_tensor_clamp_(Handle, min.HasValue, min ?? 0, max.HasValue, max ?? 0));
    }

    public Tensor clip(double? min = null, double? max = null) => clamp(min, max);

    public Tensor remainder(double s) => Wrap(NativeMethods.trn_tensor_remainder_scalar(Handle, s));
    public Tensor remainder(Tensor s) => Wrap(NativeMethods.trn_tensor_remainder(Handle, s.Handle));

    // in-place arithmetic beyond Tensor.Arith.cs
    public Tensor sub_(Tensor other, double alpha = 1) => Done(NativeMethods.trn_tensor_sub_(Handle, other.Handle, alpha));
    public Tensor sub_(double s) => Done(NativeMethods.trn_tensor_sub_scalar_(Handle, s));
    public Tensor div_(Tensor other) => Done(NativeMethods.trn_tensor_div_(Handle, other.Handle));
}

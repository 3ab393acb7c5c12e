using Trainer.Torch.Native;

namespace Trainer.Torch;

// Elementwise arithmetic (broadcasting as PyTorch), matmul, and the basic in-place updates.
public partial class Tensor
{
    private static Tensor Wrap(IntPtr raw) => NativeMethods.CheckTensor(raw);

    public static Tensor operator +(Tensor a, Tensor b) => Wrap(NativeMethods.trn_tensor_add(a.Handle, b.Handle));
    public static Tensor operator -(Tensor a, Tensor b) => Wrap(NativeMethods.trn_tensor_sub(a.Handle, b.Handle));
    public static Tensor operator *(Tensor a, Tensor b) => Wrap(NativeMethods.trn_tensor_mul(a.Handle, b.Handle));
    public static Tensor operator /(Tensor a, Tensor b) => Wrap(NativeMethods.trn_tensor_div(a.Handle, b.Handle));
    public static Tensor operator +(Tensor a, double s) => Wrap(NativeMethods.trn_tensor_add_scalar(a.Handle, s));
    public static Tensor operator -(Tensor a, double s) => Wrap(NativeMethods.trn_tensor_sub_scalar(a.Handle, s));
    public static Tensor operator *(Tensor a, double s) => Wrap(NativeMethods.trn_tensor_mul_scalar(a.Handle, s));
    public static Tensor operator /(Tensor a, double s) => Wrap(NativeMethods.trn_tensor_div_scalar(a.Handle, s));
    public static Tensor operator +(double s, Tensor a) => Wrap(NativeMethods.trn_tensor_add_scalar(a.Handle, s));
    public static Tensor operator -(double s, Tensor a) => Wrap(NativeMethods.trn_tensor_rsub_scalar(a.Handle, s));
    public static Tensor operator *(double s, Tensor a) => Wrap(NativeMethods.trn_tensor_mul_scalar(a.Handle, s));
    public static Tensor operator /(double s, Tensor a) => Wrap(NativeMethods.trn_tensor_rdiv_scalar(a.Handle, s));

    // Integer numbers keep integer tensors integral (`arange(3) + 1` is int64), as Python ints do.
    public static Tensor operator +(Tensor a, long s) => Wrap(NativeMethods.trn_tensor_add_long(a.Handle, s));
    public static Tensor operator -(Tensor a, long s) => Wrap(NativeMethods.trn_tensor_sub_long(a.Handle, s));
    public static Tensor operator *(Tensor a, long s) => Wrap(NativeMethods.trn_tensor_mul_long(a.Handle, s));
    public static Tensor operator /(Tensor a, long s) => Wrap(NativeMethods.trn_tensor_div_long(a.Handle, s));
    public static Tensor operator +(long s, Tensor a) => Wrap(NativeMethods.trn_tensor_add_long(a.Handle, s));
    public static Tensor operator -(long s, Tensor a) => Wrap(NativeMethods.trn_tensor_rsub_long(a.Handle, s));
    public static Tensor operator *(long s, Tensor a) => Wrap(NativeMethods.trn_tensor_mul_long(a.Handle, s));
    public static Tensor operator /(long s, Tensor a) => Wrap(NativeMethods.trn_tensor_rdiv_long(a.Handle, s));

    public Tensor add(Tensor other, double alpha = 1) => Wrap(NativeMethods.trn_tensor_add_alpha(Handle, other.Handle, alpha));
    public Tensor sub(Tensor other) => this - other;
    public Tensor mul(Tensor other) => this * other;
    public Tensor div(Tensor other) => this / other;
    public Tensor matmul(Tensor other) => Wrap(NativeMethods.trn_tensor_matmul(Handle, other.Handle));

    // ---- in place: each returns this tensor, as PyTorch's trailing-underscore methods ----

    public Tensor add_(Tensor other, double alpha = 1) => Done(NativeMethods.trn_tensor_add_(Handle, other.Handle, alpha));
    public Tensor add_(double s) => Done(NativeMethods.trn_tensor_add_scalar_(Handle, s));
    public Tensor mul_(Tensor other) => Done(NativeMethods.trn_tensor_mul_(Handle, other.Handle));
    public Tensor mul_(double s) => Done(NativeMethods.trn_tensor_mul_scalar_(Handle, s));
    public Tensor div_(double s) => Done(NativeMethods.trn_tensor_div_scalar_(Handle, s));
    public Tensor zero_() => Done(NativeMethods.trn_tensor_zero_(Handle));
    public Tensor fill_(double value) => Done(NativeMethods.trn_tensor_fill_(Handle, value));
    public Tensor copy_(Tensor src) => Done(NativeMethods.trn_tensor_copy_(Handle, src.Handle));
    public Tensor uniform_(double from = 0, double to = 1) => Done(NativeMethods.trn_tensor_uniform_(Handle, from, to));
    public Tensor normal_(double mean = 0, double std = 1) => Done(NativeMethods.trn_tensor_normal_(Handle, mean, std));

    private Tensor Done(int status)
    {
        NativeMethods.Check(status);
        return this;
    }
}

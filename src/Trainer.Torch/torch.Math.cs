using Trainer.Torch.Native;

namespace Trainer.Torch;

// Function forms of the tensor math, as PyTorch's torch.exp(x), torch.mm(a, b), torch.where(...).
public static partial class torch
{
    public static Tensor exp(Tensor t) => t.exp();
    public static Tensor log(Tensor t) => t.log();
    public static Tensor abs(Tensor t) => t.abs();
    public static Tensor neg(Tensor t) => t.neg();
    public static Tensor sqrt(Tensor t) => t.sqrt();
    public static Tensor square(Tensor t) => t.square();
    public static Tensor sin(Tensor t) => t.sin();
    public static Tensor cos(Tensor t) => t.cos();
    public static Tensor pow(Tensor t, double exponent) => t.pow(exponent);
    public static Tensor pow(Tensor t, Tensor exponent) => t.pow(exponent);
    public static Tensor pow(double b, Tensor exponent) => NativeMethods.CheckTensor(NativeMethods.trn_tensor_rpow_scalar(exponent.Handle, b));
    public static Tensor clamp(Tensor t, double? min = null, double? max = null) => t.clamp(min, max);

    public static Tensor add(Tensor a, Tensor b, double alpha = 1) => a.add(b, alpha);
    public static Tensor sub(Tensor a, Tensor b) => a - b;
    public static Tensor mul(Tensor a, Tensor b) => a * b;
    public static Tensor div(Tensor a, Tensor b) => a / b;

    public static Tensor sum(Tensor t) => t.sum();
    public static Tensor sum(Tensor t, long dim, bool keepdim = false) => t.sum(dim, keepdim);
    public static Tensor sum(Tensor t, long[] dim, bool keepdim = false) => t.sum(dim, keepdim);
    public static Tensor mean(Tensor t) => t.mean();
    public static Tensor mean(Tensor t, long dim, bool keepdim = false) => t.mean(dim, keepdim);
    public static Tensor mean(Tensor t, long[] dim, bool keepdim = false) => t.mean(dim, keepdim);
    public static Tensor max(Tensor t) => t.max();
    public static (Tensor values, Tensor indices) max(Tensor t, long dim, bool keepdim = false) => t.max(dim, keepdim);
    public static Tensor min(Tensor t) => t.min();
    public static (Tensor values, Tensor indices) min(Tensor t, long dim, bool keepdim = false) => t.min(dim, keepdim);
    public static Tensor argmax(Tensor t, long? dim = null, bool keepdim = false) => t.argmax(dim, keepdim);
    public static Tensor argmin(Tensor t, long? dim = null, bool keepdim = false) => t.argmin(dim, keepdim);
    public static Tensor cumsum(Tensor t, long dim) => t.cumsum(dim);
    public static Tensor prod(Tensor t) => t.prod();

    public static Tensor eq(Tensor a, Tensor b) => a.eq(b);
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static bool equal(Tensor a, Tensor b) => a.equal(b);
    public static bool allclose(Tensor a, Tensor b, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false) =>
        a.allclose(b, rtol, atol, equal_nan);

    /// <summary>Elements of <paramref name="a"/> where <paramref name="condition"/> holds, else of <paramref name="b"/> (broadcasting).</summary>
    public static Tensor where(Tensor condition, Tensor a, Tensor b) =>
        NativeMethods.CheckTensor(NativeMethods.trn_where(condition.Handle, a.Handle, b.Handle));

    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    public static Tensor mv(Tensor a, Tensor v) => a.mv(v);
    public static Tensor dot(Tensor a, Tensor b) => a.dot(b);
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    public static Tensor outer(Tensor a, Tensor b) => a.outer(b);
    public static Tensor norm(Tensor t, double p = 2) => t.norm(p);
    public static Tensor norm(Tensor t, double p, long[] dim, bool keepdim = false) => t.norm(p, dim, keepdim);
    public static Tensor clone(Tensor t) => t.clone();
}

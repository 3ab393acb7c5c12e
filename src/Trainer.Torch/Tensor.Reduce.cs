using Trainer.Torch.Native;

namespace Trainer.Torch;

// Reductions, over everything or over dimensions (keepdim keeps them as size 1, for broadcasting back).
public partial class Tensor
{
    private unsafe delegate IntPtr ReduceOp(TensorHandle t, long* dims, int ndim, bool keepdim);

    private unsafe Tensor Reduce(ReduceOp op, long[] dims, bool keepdim)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length == 0) throw new ArgumentException("expected at least one dimension to reduce over", nameof(dims));
        fixed (long* p = dims) return Wrap(op(Handle, p, dims.Length, keepdim));
    }

    public Tensor sum() => Wrap(NativeMethods.trn_tensor_sum(Handle));
    public unsafe Tensor sum(long dim, bool keepdim = false) => Reduce(NativeMethods.trn_tensor_sum_dims, new[] { dim }, keepdim);
    public unsafe Tensor sum(long[] dim, bool keepdim = false) => Reduce(NativeMethods.trn_tensor_sum_dims, dim, keepdim);

    public Tensor mean() => Wrap(NativeMethods.trn_tensor_mean(Handle));
    public unsafe Tensor mean(long dim, bool keepdim = false) => Reduce(NativeMethods.trn_tensor_mean_dims, new[] { dim }, keepdim);
    public unsafe Tensor mean(long[] dim, bool keepdim = false) => Reduce(NativeMethods.trn_tensor_mean_dims, dim, keepdim);

    public Tensor prod() => Wrap(NativeMethods.trn_tensor_prod(Handle));
    public Tensor prod(long dim, bool keepdim = false) => Wrap(NativeMethods.trn_tensor_prod_dim(Handle, dim, keepdim));

    public Tensor std(bool unbiased = true) => Wrap(NativeMethods.trn_tensor_std(Handle, unbiased));
    public unsafe Tensor std(long dim, bool unbiased = true, bool keepdim = false)
    {
        var dims = new[] { dim };
        fixed (long* p = dims) return Wrap(NativeMethods.trn_tensor_std_dims(Handle, p, 1, unbiased, keepdim));
    }

    public Tensor var(bool unbiased = true) => Wrap(NativeMethods.trn_tensor_var(Handle, unbiased));
    public unsafe Tensor var(long dim, bool unbiased = true, bool keepdim = false)
    {
        var dims = new[] { dim };
        fixed (long* p = dims) return Wrap(NativeMethods.trn_tensor_var_dims(Handle, p, 1, unbiased, keepdim));
    }

    /// <summary>The largest element, as a 0-d tensor.</summary>
    public Tensor max() => Wrap(NativeMethods.trn_tensor_max(Handle));

    /// <summary>Largest values along <paramref name="dim"/> and where they are (PyTorch's <c>max(dim)</c> namedtuple).</summary>
    public (Tensor values, Tensor indices) max(long dim, bool keepdim = false)
    {
        NativeMethods.Check(NativeMethods.trn_tensor_max_dim(Handle, dim, keepdim, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>Elementwise maximum with <paramref name="other"/> (PyTorch's <c>max(other)</c>).</summary>
    public Tensor max(Tensor other) => maximum(other);

    public Tensor min() => Wrap(NativeMethods.trn_tensor_min(Handle));

    public (Tensor values, Tensor indices) min(long dim, bool keepdim = false)
    {
        NativeMethods.Check(NativeMethods.trn_tensor_min_dim(Handle, dim, keepdim, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    public Tensor min(Tensor other) => minimum(other);

    /// <summary>Index of the largest element; over the flattened tensor when <paramref name="dim"/> is null.</summary>
    public Tensor argmax(long? dim = null, bool keepdim = false) =>
        Wrap(NativeMethods.trn_tensor_argmax(Handle, dim.HasValue, dim ?? 0, keepdim));

    public Tensor argmin(long? dim = null, bool keepdim = false) =>
        Wrap(NativeMethods.trn_tensor_argmin(Handle, dim.HasValue, dim ?? 0, keepdim));

    public Tensor cumsum(long dim) => Wrap(NativeMethods.trn_tensor_cumsum(Handle, dim));
    public Tensor cumprod(long dim) => Wrap(NativeMethods.trn_tensor_cumprod(Handle, dim));

    public Tensor all() => Wrap(NativeMethods.trn_tensor_all(Handle));
    public Tensor all(long dim, bool keepdim = false) => Wrap(NativeMethods.trn_tensor_all_dim(Handle, dim, keepdim));
    public Tensor any() => Wrap(NativeMethods.trn_tensor_any(Handle));
    public Tensor any(long dim, bool keepdim = false) => Wrap(NativeMethods.trn_tensor_any_dim(Handle, dim, keepdim));
}

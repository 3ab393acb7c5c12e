using Trainer.Torch.Native;

namespace Trainer.Torch;

// Shape operations. Views (view, transpose, permute, squeeze, narrow...) share storage with
// this tensor, as in PyTorch, so writes through them are visible here.
public partial class Tensor
{
    private unsafe delegate IntPtr DimsOp(TensorHandle t, long* dims, int ndim);

    private unsafe Tensor WithDims(DimsOp op, long[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        fixed (long* p = dims) return Wrap(op(Handle, p, dims.Length));
    }

    /// <summary>Same data with a new shape (one dimension may be -1); copies only when it must.</summary>
    public unsafe Tensor reshape(params long[] shape) => WithDims(NativeMethods.trn_tensor_reshape, shape);

    /// <summary>A view with a new shape; throws if the layout does not allow a view (use reshape).</summary>
    public unsafe Tensor view(params long[] shape) => WithDims(NativeMethods.trn_tensor_view, shape);

    /// <summary>A broadcast view to a larger shape (-1 keeps a dimension).</summary>
    public unsafe Tensor expand(params long[] shape) => WithDims(NativeMethods.trn_tensor_expand, shape);

    public Tensor expand_as(Tensor other) => expand(other.shape);
    public Tensor view_as(Tensor other) => view(other.shape);
    public Tensor reshape_as(Tensor other) => reshape(other.shape);

    public Tensor flatten(long start_dim = 0, long end_dim = -1) => Wrap(NativeMethods.trn_tensor_flatten(Handle, start_dim, end_dim));

    public Tensor transpose(long dim0, long dim1) => Wrap(NativeMethods.trn_tensor_transpose(Handle, dim0, dim1));

    /// <summary>Transpose of a tensor of at most 2 dimensions (PyTorch's <c>.t()</c>).</summary>
    public Tensor t() => Wrap(NativeMethods.trn_tensor_t(Handle));

    /// <summary>PyTorch's <c>.T</c>: all dimensions reversed (for a matrix, its transpose).</summary>
    public Tensor T
    {
        get
        {
            var n = dim();
            var dims = new long[n];
            for (var i = 0; i < n; i++) dims[i] = n - 1 - i;
            return permute(dims);
        }
    }

    public unsafe Tensor permute(params long[] dims) => WithDims(NativeMethods.trn_tensor_permute, dims);

    public Tensor unsqueeze(long dim) => Wrap(NativeMethods.trn_tensor_unsqueeze(Handle, dim));

    /// <summary>Removes every dimension of size 1.</summary>
    public Tensor squeeze() => Wrap(NativeMethods.trn_tensor_squeeze(Handle));

    /// <summary>Removes <paramref name="dim"/> if it has size 1 (otherwise returns the same shape, as PyTorch).</summary>
    public Tensor squeeze(long dim) => Wrap(NativeMethods.trn_tensor_squeeze_dim(Handle, dim));

    public Tensor narrow(long dim, long start, long length) => Wrap(NativeMethods.trn_tensor_narrow(Handle, dim, start, length));

    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, that dimension removed.</summary>
    public Tensor select(long dim, long index) => Wrap(NativeMethods.trn_tensor_select(Handle, dim, index));

    public unsafe Tensor repeat(params long[] repeats) => WithDims(NativeMethods.trn_tensor_repeat, repeats);
    public unsafe Tensor flip(params long[] dims) => WithDims(NativeMethods.trn_tensor_flip, dims);

    /// <summary>Pieces of <paramref name="split_size"/> along <paramref name="dim"/> (the last may be smaller).</summary>
    public unsafe Tensor[] split(long split_size, long dim = 0) =>
        Pieces((o, c) => NativeMethods.trn_tensor_split(Handle, split_size, dim, o, c));

    /// <summary>At most <paramref name="chunks"/> pieces along <paramref name="dim"/>.</summary>
    public unsafe Tensor[] chunk(long chunks, long dim = 0) =>
        Pieces((o, c) => NativeMethods.trn_tensor_chunk(Handle, chunks, dim, o, c));

    private unsafe delegate int PiecesOp(IntPtr* output, int capacity);

    private static unsafe Tensor[] Pieces(PiecesOp op)
    {
        var n = op(null, 0);
        if (n < 0) throw NativeMethods.LastError();
        var raw = new IntPtr[n];
        fixed (IntPtr* p = raw)
            if (op(p, n) < 0) throw NativeMethods.LastError();
        return raw.Select(r => new Tensor(r)).ToArray();
    }
}

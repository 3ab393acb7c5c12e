using Trainer.Torch.Native;

namespace Trainer.Torch;

// Python-style indexing: t[1..3, ^1], t[mask], t[idx], and assignment into the selection.
// Basic indexing (integers, slices, None, Ellipsis) returns a view, so writes through it
// reach this tensor; a tensor index copies, as in PyTorch.
public partial class Tensor
{
    /// <summary>
    /// PyTorch's <c>t[...]</c>. Setting assigns into the selection in place (broadcasting the
    /// value): <c>t[0, 0] = 42</c>, <c>t[1..3] = other</c>, <c>t[t &gt; 0] = 0</c>.
    /// </summary>
    public Tensor this[params TensorIndex[] indices]
    {
        get => index(indices);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            try { index_put_(indices, value); }
            finally { if (value.IsImplicitScalar) value.Dispose(); }
        }
    }

    /// <summary>A C# number on the right of <c>t[i] = 42</c>: a 0-d float64 tensor, freed after the assignment.</summary>
    public static implicit operator Tensor(double value)
    {
        var t = torch.scalar_tensor(value, ScalarType.Float64);
        t.IsImplicitScalar = true;
        return t;
    }

    /// <summary>True for the temporary made by the implicit conversion from a number.</summary>
    internal bool IsImplicitScalar;

    public unsafe Tensor index(params TensorIndex[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        using var handles = IndexHandles(indices);
        var specs = NativeSpecs(indices, handles);
        fixed (TensorIndex.Native* p = specs)
            return Wrap(NativeMethods.trn_tensor_index(Handle, p, specs.Length));
    }

    /// <summary>Writes <paramref name="value"/> into the selection (broadcast to its shape); returns this tensor.</summary>
    public unsafe Tensor index_put_(TensorIndex[] indices, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(value);
        using var handles = IndexHandles(indices);
        var specs = NativeSpecs(indices, handles);
        fixed (TensorIndex.Native* p = specs)
            return Done(NativeMethods.trn_tensor_index_put(Handle, p, specs.Length, value.Handle));
    }

    /// <summary>Writes a number into every selected element; returns this tensor.</summary>
    public unsafe Tensor index_put_(TensorIndex[] indices, double value)
    {
        ArgumentNullException.ThrowIfNull(indices);
        using var handles = IndexHandles(indices);
        var specs = NativeSpecs(indices, handles);
        fixed (TensorIndex.Native* p = specs)
            return Done(NativeMethods.trn_tensor_index_put_scalar(Handle, p, specs.Length, value));
    }

    private static HandleArray IndexHandles(TensorIndex[] indices) =>
        new(indices.Select(i => i.tensor).ToArray());

    private static TensorIndex.Native[] NativeSpecs(TensorIndex[] indices, HandleArray handles)
    {
        var specs = new TensorIndex.Native[indices.Length];
        for (var i = 0; i < indices.Length; i++) specs[i] = indices[i].ToNative(handles.Raw[i]);
        return specs;
    }

    public Tensor index_select(long dim, Tensor index) => Wrap(NativeMethods.trn_tensor_index_select(Handle, dim, index.Handle));
    public Tensor gather(long dim, Tensor index) => Wrap(NativeMethods.trn_tensor_gather(Handle, dim, index.Handle));
    public Tensor masked_select(Tensor mask) => Wrap(NativeMethods.trn_tensor_masked_select(Handle, mask.Handle));
    public Tensor nonzero() => Wrap(NativeMethods.trn_tensor_nonzero(Handle));
}

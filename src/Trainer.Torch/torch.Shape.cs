using Trainer.Torch.Native;

namespace Trainer.Torch;

// Joining tensors, and the function forms of the shape methods.
public static partial class torch
{
    /// <summary>Concatenates along an existing dimension (all other sizes must match).</summary>
    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(tensors, dim, stack: false);

    /// <summary>Joins along a new dimension (all shapes must be equal).</summary>
    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(tensors, dim, stack: true);

    /// <summary>PyTorch's alias of <see cref="cat"/>.</summary>
    public static Tensor concat(IReadOnlyList<Tensor> tensors, long dim = 0) => cat(tensors, dim);

    private static unsafe Tensor Join(IReadOnlyList<Tensor> tensors, long dim, bool stack)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
            throw new ArgumentException($"{(stack ? "stack" : "cat")} expects a non-empty list of tensors", nameof(tensors));
        for (var i = 0; i < tensors.Count; i++)
            if (tensors[i] is null) throw new ArgumentNullException(nameof(tensors), $"tensor {i} of the list is null");
        using var handles = new HandleArray(tensors);
        fixed (IntPtr* p = handles.Raw)
            return NativeMethods.CheckTensor(stack
                ? NativeMethods.trn_stack(p, handles.Raw.Length, dim)
                : NativeMethods.trn_cat(p, handles.Raw.Length, dim));
    }

    public static Tensor reshape(Tensor t, params long[] shape) => t.reshape(shape);
    public static Tensor flatten(Tensor t, long start_dim = 0, long end_dim = -1) => t.flatten(start_dim, end_dim);
    public static Tensor transpose(Tensor t, long dim0, long dim1) => t.transpose(dim0, dim1);
    public static Tensor permute(Tensor t, params long[] dims) => t.permute(dims);
    public static Tensor unsqueeze(Tensor t, long dim) => t.unsqueeze(dim);
    public static Tensor squeeze(Tensor t) => t.squeeze();
    public static Tensor squeeze(Tensor t, long dim) => t.squeeze(dim);
    public static Tensor[] split(Tensor t, long split_size, long dim = 0) => t.split(split_size, dim);
    public static Tensor[] chunk(Tensor t, long chunks, long dim = 0) => t.chunk(chunks, dim);
}

using Trainer.Torch.Native;

namespace Trainer.Torch;

// Where a tensor sits in its storage: what torch.save writes and torch.load rebuilds.
public partial class Tensor
{
    /// <summary>Strides in elements, one per dimension, as PyTorch's <c>stride()</c>.</summary>
    public unsafe long[] stride()
    {
        var strides = new long[dim()];
        fixed (long* p = strides) NativeMethods.trn_tensor_strides(Handle, p);
        return strides;
    }

    /// <summary>Offset in elements of the first element within the storage.</summary>
    public long storage_offset() => NativeMethods.trn_tensor_storage_offset(Handle);

    /// <summary>A view with the given sizes, strides and storage offset (PyTorch's <c>as_strided</c>).</summary>
    public unsafe Tensor as_strided(long[] size, long[] stride, long storage_offset = 0)
    {
        ArgumentNullException.ThrowIfNull(size);
        ArgumentNullException.ThrowIfNull(stride);
        if (size.Length != stride.Length)
            throw new ArgumentException($"as_strided: {size.Length} sizes but {stride.Length} strides");
        fixed (long* s = size)
        fixed (long* st = stride)
            return NativeMethods.CheckTensor(NativeMethods.trn_tensor_as_strided(Handle, s, st, size.Length, storage_offset));
    }

    /// <summary>Identity of the underlying storage: equal for tensors that share memory.</summary>
    internal long StorageId => NativeMethods.trn_tensor_storage_id(Handle);

    internal long StorageBytes => NativeMethods.trn_tensor_storage_nbytes(Handle);

    /// <summary>The whole storage's bytes (not only this view's elements), little-endian as in memory.</summary>
    internal unsafe byte[] StorageToBytes()
    {
        var bytes = new byte[StorageBytes];
        fixed (byte* p = bytes)
            NativeMethods.Check(NativeMethods.trn_tensor_storage_copy_to(Handle, p, bytes.Length));
        return bytes;
    }

    /// <summary>This tensor's elements, row-major, as raw bytes.</summary>
    internal unsafe byte[] ToBytes()
    {
        var bytes = new byte[numel() * dtype.ElementSize()];
        fixed (byte* p = bytes)
            NativeMethods.Check(NativeMethods.trn_tensor_copy_to(Handle, p, bytes.Length));
        return bytes;
    }

    /// <summary>A tensor over this tensor's storage at the given offset and strides, sharing memory.</summary>
    internal unsafe Tensor OnSameStorage(long offset, long[] size, long[] stride)
    {
        fixed (long* s = size)
        fixed (long* st = stride)
            return NativeMethods.CheckTensor(NativeMethods.trn_tensor_on_storage(Handle, offset, s, st, size.Length));
    }
}

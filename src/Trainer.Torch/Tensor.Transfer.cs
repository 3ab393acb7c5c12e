using Trainer.Torch.Native;

namespace Trainer.Torch;

// Moving elements between tensors and caller-owned buffers without allocating: what a
// data-parallel step does with the same parameters and gradients every step.
public partial class Tensor
{
    /// <summary>
    /// Copies the elements out, row-major, into <paramref name="destination"/>, which must hold
    /// exactly <see cref="numel"/> floats (a float32 tensor). Like <see cref="ToArray{T}"/>, but
    /// into an existing buffer.
    /// </summary>
    public unsafe void CopyTo(Span<float> destination)
    {
        CheckTransfer(destination.Length, nameof(destination));
        fixed (float* p = destination)
            NativeMethods.Check(NativeMethods.trn_tensor_copy_to(Handle, p, (long)destination.Length * sizeof(float)));
    }

    /// <summary>
    /// Overwrites the elements, row-major, from <paramref name="source"/> (exactly
    /// <see cref="numel"/> floats), in place and outside autograd, as <c>t.data.copy_(src)</c>.
    /// </summary>
    public unsafe void CopyFrom(ReadOnlySpan<float> source)
    {
        CheckTransfer(source.Length, nameof(source));
        fixed (float* p = source)
            NativeMethods.Check(NativeMethods.trn_tensor_copy_from(Handle, p, (long)source.Length * sizeof(float)));
    }

    private void CheckTransfer(int length, string name)
    {
        if (dtype != ScalarType.Float32)
            throw new ArgumentException($"copying floats needs a {ScalarType.Float32} tensor, this one is {dtype}", name);
        var n = numel();
        if (length != n) throw new ArgumentException($"the buffer holds {length} floats but the tensor has {n} elements", name);
    }
}

using TorchSharp;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Trainer.Shared.Tensors;

/// <summary>
/// The one place that reaches into a tensor's memory. TorchSharp 0.107 exposes a CPU tensor's
/// data as <see cref="Tensor.bytes"/>, a span over <c>data_ptr()</c> that copies nothing; the
/// shared-memory gradient sum and the flat parameter buffers read and write float32 through it.
/// Every caller keeps the tensor alive while it uses an address or span taken here.
/// </summary>
public static class TensorMemory
{
    /// <summary>The address of the first element of a contiguous CPU tensor (its data_ptr).</summary>
    public static unsafe nint Address(this Tensor tensor)
    {
        RequireContiguousCpu(tensor);
        return (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(tensor.bytes));
    }

    /// <summary>
    /// The bytes of a contiguous CPU tensor, in place and writable: how the file readers fill a
    /// new tensor straight from a stream or a mapping, without a managed array in between.
    /// </summary>
    public static Span<byte> Bytes(this Tensor tensor)
    {
        RequireContiguousCpu(tensor);
        var bytes = tensor.bytes;
        return MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(bytes), bytes.Length);
    }

    /// <summary>The float32 values of a contiguous CPU tensor, in place.</summary>
    public static Span<float> Floats(this Tensor tensor)
    {
        RequireContiguousCpu(tensor);
        if (tensor.dtype != ScalarType.Float32) throw new ArgumentException($"expected a float32 tensor, got {tensor.dtype}");
        return MemoryMarshal.Cast<byte, float>(tensor.bytes);
    }

    /// <summary>Copies a float32 tensor (on any device) into <paramref name="destination"/>.</summary>
    public static void CopyTo(this Tensor tensor, Span<float> destination)
    {
        using var host = tensor.device_type == DeviceType.CPU ? tensor.alias() : tensor.cpu();
        using var dense = host.contiguous();
        Floats(dense).CopyTo(destination);
    }

    /// <summary>Overwrites a float32 tensor (on any device) with <paramref name="source"/>.</summary>
    public static void CopyFrom(this Tensor tensor, ReadOnlySpan<float> source)
    {
        if (tensor.device_type == DeviceType.CPU && tensor.is_contiguous())
        {
            source.CopyTo(Floats(tensor));
            return;
        }
        using var host = from_array(source.ToArray()).reshape(tensor.shape);
        using (no_grad()) tensor.copy_(host);
    }

    private static void RequireContiguousCpu(Tensor tensor)
    {
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
            throw new ArgumentException($"raw memory is read from contiguous CPU tensors only; this one is on {tensor.device} (contiguous: {tensor.is_contiguous()})");
    }
}

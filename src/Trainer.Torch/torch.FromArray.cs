using System.Runtime.InteropServices;
using Trainer.Torch.Native;

namespace Trainer.Torch;

// Tensors that share memory with a C# array, as torch.from_numpy shares it with a NumPy array.
public static partial class torch
{
    /// <summary>
    /// A CPU tensor over <paramref name="array"/>'s memory, laid out with <paramref name="shape"/>
    /// (row-major; the 1-d tensor of the whole array when omitted): no copy. Writes through the
    /// tensor show in the array and the other way round, as with <c>torch.from_numpy</c>. The
    /// array is pinned until the last tensor (or view) over it is freed, so the memory stays
    /// valid however long libtorch holds it; allocate long-lived ones with
    /// <c>GC.AllocateArray&lt;T&gt;(n, pinned: true)</c> to keep them off the compacting heap.
    /// </summary>
    public static unsafe Tensor from_array<T>(T[] array, params long[] shape) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0) shape = [array.LongLength];
        var count = ElementCount(shape);
        if (count != array.LongLength)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} elements but the array has {array.LongLength}", nameof(shape));
        var dtype = ScalarTypes.Of<T>();
        var pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        var context = GCHandle.ToIntPtr(pin);
        IntPtr raw;
        fixed (long* s = shape)
            raw = NativeMethods.trn_tensor_from_array((void*)pin.AddrOfPinnedObject(), s, shape.Length, (int)dtype, &ReleasePin, context);
        // A failure comes before libtorch owns the pin (the shape was checked above), so it is ours to free.
        if (raw == IntPtr.Zero) pin.Free();
        return NativeMethods.CheckTensor(raw);
    }

    /// <summary>libtorch's deleter for <see cref="from_array{T}"/>: the last user of the memory is gone.</summary>
    [UnmanagedCallersOnly]
    private static void ReleasePin(IntPtr context) => GCHandle.FromIntPtr(context).Free();
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Trainer.Worker;

/// <summary>
/// The arithmetic kernels of aggregation, vectorised: <c>sum = weight * gradient</c> for the
/// first contribution and <c>sum += weight * gradient</c> for each further one.
/// </summary>
public static class GradientSum
{
    /// <summary>
    /// Element by element <c>sum[i] = weight * gradient[i]</c>: the first contribution, written
    /// over whatever the sum held, so the sum needs no zeroing pass first. The same bits as
    /// adding the product to zero, except that a product of -0 stays -0 (equal to +0 in every use).
    /// </summary>
    public static void Scale(Span<float> sum, ReadOnlySpan<float> gradient, float weight)
    {
        CheckLengths(sum, gradient);
        ref var s = ref MemoryMarshal.GetReference(sum);
        ref var g = ref MemoryMarshal.GetReference(gradient);
        var n = (nuint)sum.Length;
        nuint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            var width = (nuint)Vector<float>.Count;
            for (; i + width <= n; i += width)
                (w * Vector.LoadUnsafe(ref g, i)).StoreUnsafe(ref s, i);
        }
        for (; i < n; i++) Unsafe.Add(ref s, i) = weight * Unsafe.Add(ref g, i);
    }

    /// <summary>
    /// Element by element <c>sum[i] + weight * gradient[i]</c> (a multiply then an add, never
    /// fused), so any split of the range gives the same bits as one pass.
    /// </summary>
    public static void AddScaled(Span<float> sum, ReadOnlySpan<float> gradient, float weight)
    {
        CheckLengths(sum, gradient);
        ref var s = ref MemoryMarshal.GetReference(sum);
        ref var g = ref MemoryMarshal.GetReference(gradient);
        var n = (nuint)sum.Length;
        nuint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            var width = (nuint)Vector<float>.Count;
            // Lengths were checked once above; the loads and stores stay inside both spans.
            for (; i + width <= n; i += width)
                (Vector.LoadUnsafe(ref s, i) + w * Vector.LoadUnsafe(ref g, i)).StoreUnsafe(ref s, i);
        }
        for (; i < n; i++) Unsafe.Add(ref s, i) += weight * Unsafe.Add(ref g, i);
    }

    private static void CheckLengths(Span<float> sum, ReadOnlySpan<float> gradient)
    {
        if (sum.Length != gradient.Length)
            throw new ArgumentException($"gradient holds {gradient.Length} values but the sum holds {sum.Length}");
    }
}

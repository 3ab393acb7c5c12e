using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Trainer.Worker;

/// <summary>The one arithmetic kernel of aggregation: <c>sum += weight * gradient</c>, vectorised.</summary>
public static class GradientSum
{
    /// <summary>
    /// Element by element <c>sum[i] + weight * gradient[i]</c> (a multiply then an add, never
    /// fused), so any split of the range gives the same bits as one pass.
    /// </summary>
    public static void AddScaled(Span<float> sum, ReadOnlySpan<float> gradient, float weight)
    {
        if (sum.Length != gradient.Length)
            throw new ArgumentException($"gradient holds {gradient.Length} values but the sum holds {sum.Length}");
        ref var s = ref MemoryMarshal.GetReference(sum);
        ref var g = ref MemoryMarshal.GetReference(gradient);
        var n = (nuint)sum.Length;
        nuint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            var width = (nuint)Vector<float>.Count;
            // Bounds were checked once above; the loads and stores stay inside both spans.
            for (; i + width <= n; i += width)
                (Vector.LoadUnsafe(ref s, i) + w * Vector.LoadUnsafe(ref g, i)).StoreUnsafe(ref s, i);
        }
        for (; i < n; i++) Unsafe.Add(ref s, i) += weight * Unsafe.Add(ref g, i);
    }
}

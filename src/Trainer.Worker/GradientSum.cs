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
    public static void Scale(Span<float> sum, ReadOnlySpan<float> gradient, float weight) =>
        Combine<Overwrite>(sum, gradient, weight);

    /// <summary>
    /// Element by element <c>sum[i] + weight * gradient[i]</c> (a multiply then an add, never
    /// fused), so any split of the range gives the same bits as one pass.
    /// </summary>
    public static void AddScaled(Span<float> sum, ReadOnlySpan<float> gradient, float weight) =>
        Combine<Accumulate>(sum, gradient, weight);

    /// <summary>How a weighted gradient element meets the sum; a struct, so each kernel is compiled on its own with the call inlined.</summary>
    private interface ICombine
    {
        static abstract Vector<float> Apply(Vector<float> sum, Vector<float> weighted);
        static abstract float Apply(float sum, float weighted);
    }

    private struct Overwrite : ICombine
    {
        public static Vector<float> Apply(Vector<float> sum, Vector<float> weighted) => weighted;
        public static float Apply(float sum, float weighted) => weighted;
    }

    private struct Accumulate : ICombine
    {
        public static Vector<float> Apply(Vector<float> sum, Vector<float> weighted) => sum + weighted;
        public static float Apply(float sum, float weighted) => sum + weighted;
    }

    private static void Combine<TCombine>(Span<float> sum, ReadOnlySpan<float> gradient, float weight) where TCombine : struct, ICombine
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
            // Lengths were checked once above; the loads and stores stay inside both spans.
            for (; i + width <= n; i += width)
                TCombine.Apply(Vector.LoadUnsafe(ref s, i), w * Vector.LoadUnsafe(ref g, i)).StoreUnsafe(ref s, i);
        }
        for (; i < n; i++) Unsafe.Add(ref s, i) = TCombine.Apply(Unsafe.Add(ref s, i), weight * Unsafe.Add(ref g, i));
    }
}

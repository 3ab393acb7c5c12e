using System.Numerics;

namespace Trainer.Worker;

/// <summary>The one arithmetic kernel of aggregation: <c>sum += weight * gradient</c>, vectorised.</summary>
public static class GradientSum
{
    public static void AddScaled(Span<float> sum, ReadOnlySpan<float> gradient, float weight)
    {
        if (sum.Length != gradient.Length)
            throw new ArgumentException($"gradient holds {gradient.Length} values but the sum holds {sum.Length}");
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            var width = Vector<float>.Count;
            for (; i <= sum.Length - width; i += width)
                (new Vector<float>(sum[i..]) + w * new Vector<float>(gradient[i..])).CopyTo(sum[i..]);
        }
        for (; i < sum.Length; i++) sum[i] += weight * gradient[i];
    }
}

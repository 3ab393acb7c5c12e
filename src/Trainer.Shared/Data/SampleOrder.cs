namespace Trainer.Shared.Data;

/// <summary>
/// The order in which an epoch visits the samples: a Fisher-Yates permutation from a seeded
/// generator, so that every path of a run (one device, several, the PyTorch peer fed the same
/// order) sees the same batches in the same order for one seed.
/// </summary>
public static class SampleOrder
{
    /// <summary>A permutation of 0..count-1 for <paramref name="epoch"/> (counted from 0); random without a seed.</summary>
    public static long[] Shuffled(long count, int? seed, int epoch)
    {
        var order = new long[count];
        for (long i = 0; i < count; i++) order[i] = i;
        var rng = seed is int s ? new Random(unchecked(s * 1_000_003 + epoch)) : Random.Shared;
        for (var i = count - 1; i > 0; i--)
        {
            var j = rng.NextInt64(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The global batches a benchmark trains on: a seeded shuffle of the training set cut into
/// full batches, reshuffled whenever an epoch runs out (drop_last), as the PyTorch peer does.
/// </summary>
public static class BatchOrder
{
    /// <summary>The batches without end, each made as it is taken.</summary>
    public static IEnumerable<long[]> Endless(long samples, int batch, int seed)
    {
        if (batch < 1 || batch > samples) throw new ArgumentException($"batch {batch} must be between 1 and the {samples} samples");
        return Cut(samples, batch, new Random(seed));
    }

    private static IEnumerable<long[]> Cut(long samples, int batch, Random random)
    {
        while (true)
        {
            var perm = Shuffle(samples, random);
            for (var at = 0L; at + batch <= samples; at += batch) yield return perm.AsSpan((int)at, batch).ToArray();
        }
    }

    public static long[] Shuffle(long samples, Random random)
    {
        var perm = new long[samples];
        for (var i = 0L; i < samples; i++) perm[i] = i;
        random.Shuffle(perm);
        return perm;
    }
}

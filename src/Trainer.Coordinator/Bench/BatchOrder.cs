namespace Trainer.Coordinator.Bench;

/// <summary>
/// The global batches a benchmark trains on: a seeded shuffle of the training set cut into
/// full batches, reshuffled whenever an epoch runs out (drop_last), as the PyTorch peer does.
/// </summary>
public static class BatchOrder
{
    public static List<long[]> Batches(long samples, int batch, int count, int seed)
    {
        if (batch < 1 || batch > samples) throw new ArgumentException($"batch {batch} must be between 1 and the {samples} samples");
        var random = new Random(seed);
        var result = new List<long[]>(count);
        long[] perm = Shuffle(samples, random);
        var at = 0L;
        while (result.Count < count)
        {
            if (at + batch > samples)
            {
                perm = Shuffle(samples, random);
                at = 0;
            }
            result.Add(perm.AsSpan((int)at, batch).ToArray());
            at += batch;
        }
        return result;
    }

    public static long[] Shuffle(long samples, Random random)
    {
        var perm = new long[samples];
        for (var i = 0L; i < samples; i++) perm[i] = i;
        random.Shuffle(perm);
        return perm;
    }
}

namespace Trainer.Shared.Sharding;

/// <summary>
/// How a global batch of <see cref="BatchSize"/> rows is split over devices. Immutable: the
/// coordinator makes one per step from the live devices and their speed weights, so tests
/// can check the arithmetic without any actor.
/// </summary>
public sealed class ShardPlan
{
    public int BatchSize { get; }
    public IReadOnlyList<Shard> Shards { get; }

    private ShardPlan(int batchSize, IReadOnlyList<Shard> shards)
    {
        BatchSize = batchSize;
        Shards = shards;
    }

    /// <summary>
    /// Equal shards; the first <c>batch % devices</c> devices get one row more. Devices that
    /// would get no row (batch smaller than the device count) get no shard at all.
    /// </summary>
    public static ShardPlan Even(int batchSize, IReadOnlyList<int> devices) =>
        Weighted(batchSize, devices, devices.Select(_ => 1.0).ToArray());

    /// <summary>
    /// Shards proportional to <paramref name="weights"/> (e.g. measured samples/s per device),
    /// rounded by largest remainder so the counts add up to the batch exactly.
    /// </summary>
    public static ShardPlan Weighted(int batchSize, IReadOnlyList<int> devices, IReadOnlyList<double> weights)
    {
        if (batchSize < 0) throw new ArgumentOutOfRangeException(nameof(batchSize), "batch size cannot be negative");
        if (devices.Count == 0) throw new ArgumentException("no live device to shard the batch over", nameof(devices));
        if (weights.Count != devices.Count) throw new ArgumentException($"{weights.Count} weights for {devices.Count} devices", nameof(weights));
        if (weights.Any(w => !(w > 0) || double.IsInfinity(w))) throw new ArgumentException("device weights must be positive and finite", nameof(weights));

        var total = weights.Sum();
        var exact = weights.Select(w => batchSize * w / total).ToArray();
        var counts = exact.Select(x => (int)Math.Floor(x)).ToArray();
        var left = batchSize - counts.Sum();
        // Largest remainder first; ties go to the earlier device, so Even gives the extra rows to the first devices.
        foreach (var i in Enumerable.Range(0, counts.Length).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).Take(left))
            counts[i]++;

        var shards = new List<Shard>(devices.Count);
        var start = 0;
        for (var i = 0; i < devices.Count; i++)
        {
            if (counts[i] == 0) continue;
            shards.Add(new Shard(devices[i], start, counts[i]));
            start += counts[i];
        }
        return new ShardPlan(batchSize, shards);
    }

    /// <summary>
    /// The rows of <paramref name="batch"/> (the sample indices this plan splits) that
    /// <paramref name="device"/> gets, in a new array; empty when the plan gives it no shard.
    /// </summary>
    public long[] RowsFor(int device, long[] batch)
    {
        if (batch.Length != BatchSize) throw new ArgumentException($"the plan splits {BatchSize} rows, not {batch.Length}", nameof(batch));
        var shard = Shards.FirstOrDefault(s => s.Device == device);
        return shard is null ? [] : batch.AsSpan(shard.Start, shard.Count).ToArray();
    }

    /// <summary>The weight of a shard's mean-loss gradient in the full-batch mean-loss gradient.</summary>
    public double WeightOf(Shard shard) => (double)shard.Count / BatchSize;
}

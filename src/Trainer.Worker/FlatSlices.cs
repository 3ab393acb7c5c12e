namespace Trainer.Worker;

/// <summary>
/// How a flat parameter vector is cut into contiguous slices for parallel work (the all-reduce's
/// per-participant slices, the sharded master's lanes): equal slices rounded up to a multiple of
/// 64 floats, so every slice but the last starts vector-aligned with a one-thread pass over the
/// whole vector; the last slices may be short or empty.
/// </summary>
public static class FlatSlices
{
    public const int Grid = 64;

    /// <summary>Slice <paramref name="index"/> of <paramref name="count"/> over <paramref name="total"/> elements, as [Start, End).</summary>
    public static (long Start, long End) Of(long total, int count, int index)
    {
        var per = ((total + count - 1) / count + Grid - 1) / Grid * Grid;
        var start = Math.Min(total, index * per);
        return (start, Math.Min(total, start + per));
    }
}

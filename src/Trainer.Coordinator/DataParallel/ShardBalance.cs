namespace Trainer.Coordinator.DataParallel;

/// <summary>How a global batch is split over the live devices.</summary>
public enum ShardBalance
{
    /// <summary>Equal shards (the first devices get the remainder): bit-for-bit repeatable runs.</summary>
    Even,

    /// <summary>
    /// Shards in proportion to each device's measured speed, so that none waits for a slower
    /// one. The update is the same full-batch update (each shard's gradient is weighted by its
    /// size); only the float rounding of the sum depends on where the batch was cut.
    /// </summary>
    Throughput,
}

/// <summary>The balances by their command-line names (--balance even | throughput), both ways.</summary>
public static class ShardBalances
{
    /// <summary>Parses <c>--balance</c>: <c>even</c> or <c>throughput</c>.</summary>
    public static ShardBalance Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "even" => ShardBalance.Even,
        "throughput" or "speed" => ShardBalance.Throughput,
        _ => throw new ArgumentException($"--balance {text}: unknown balance (expected even or throughput)"),
    };

    public static string Name(this ShardBalance balance) => balance == ShardBalance.Throughput ? "throughput" : "even";
}

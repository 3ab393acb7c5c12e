namespace Trainer.Shared.Sharding;

/// <summary>One device's slice of a global batch: rows [Start, Start + Count) of the batch.</summary>
public sealed record Shard(int Device, int Start, int Count);

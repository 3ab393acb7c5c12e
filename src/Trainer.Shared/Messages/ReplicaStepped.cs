namespace Trainer.Shared.Messages;

/// <summary>
/// Device → coordinator (all-reduce mode): the replica applied the step. <see cref="Checksum"/>
/// summarises its parameters after the update; identical replicas give identical values.
/// <see cref="ComputeSeconds"/>: the time its shard's gather, forward and backward took.
/// </summary>
public sealed record ReplicaStepped(long Step, int Attempt, int Device, int Count, double LossSum, long Correct, double Checksum, double ComputeSeconds = 0);

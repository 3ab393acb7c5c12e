namespace Trainer.Shared.Messages;

/// <summary>
/// Device → coordinator (rendezvous steps): the step is applied. All-reduce mode:
/// <see cref="Checksum"/> summarises the replica's own parameters after its update (a part of
/// them that turns with the step, the same part on every replica); identical replicas give
/// identical values. Parameter-server mode on CPU replicas: null, the replicas
/// hold no weights of their own (they read the master's in place).
/// <see cref="ComputeSeconds"/>: the time its shard's gather, forward and backward took.
/// </summary>
public sealed record ReplicaStepped(long Step, int Attempt, int Device, int Count, double LossSum, long Correct, double? Checksum, double ComputeSeconds = 0);

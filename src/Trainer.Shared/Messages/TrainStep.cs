namespace Trainer.Shared.Messages;

/// <summary>
/// Coordinator → device (rendezvous steps: all-reduce mode, and parameter-server mode on CPU
/// replicas): compute the mean-loss gradient over <see cref="SampleIndices"/>, weight it by its
/// share of <see cref="BatchTotal"/>, sum it with the <see cref="Participants"/> replicas taking
/// part in this <see cref="Attempt"/> of the step, apply the update (the replica's own
/// optimizer, or its lanes of the shared master's), and reply with <see cref="ReplicaStepped"/>.
/// A step redone after a failure gets a new attempt number so that its rendezvous starts clean.
/// </summary>
public sealed record TrainStep(long Step, int Attempt, long[] SampleIndices, int BatchTotal, int Participants);

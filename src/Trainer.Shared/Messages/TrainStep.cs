namespace Trainer.Shared.Messages;

/// <summary>
/// Coordinator → device (all-reduce mode): compute the mean-loss gradient over
/// <see cref="SampleIndices"/>, weight it by its share of <see cref="BatchTotal"/>, sum it with
/// the <see cref="Participants"/> replicas taking part in this <see cref="Attempt"/> of the step,
/// step the replica's own optimizer, and reply with <see cref="ReplicaStepped"/>. A step redone
/// after a failure gets a new attempt number so that its rendezvous starts clean.
/// </summary>
public sealed record TrainStep(long Step, int Attempt, long[] SampleIndices, int BatchTotal, int Participants);

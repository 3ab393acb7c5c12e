namespace Trainer.Shared.Messages;

/// <summary>
/// Device → coordinator (rendezvous steps): the step's all-reduce was aborted (another replica
/// failed or timed out), so this replica did NOT update any weights and the step can be redone.
/// <see cref="Fatal"/>: the shared master's update failed part-way instead, so the step can
/// neither be redone nor kept, and the coordinator fails it.
/// </summary>
public sealed record StepAborted(long Step, int Attempt, int Device, string Reason, bool Fatal = false);

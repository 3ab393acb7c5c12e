namespace Trainer.Shared.Messages;

/// <summary>
/// Device → coordinator (all-reduce mode): the step's all-reduce was aborted (another replica
/// failed or timed out), so this replica did NOT update its weights and can redo the step.
/// </summary>
public sealed record StepAborted(long Step, int Attempt, int Device, string Reason);

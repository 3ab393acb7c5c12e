namespace Trainer.Shared.Messages;

/// <summary>
/// Device → coordinator: the device failed while working on <see cref="Step"/>. The device then
/// stops (its replica's state is suspect), and its share of the step is computed elsewhere.
/// <see cref="AfterAllReduce"/> (all-reduce mode): it failed after the step's gradients were
/// summed, so the other replicas apply the step and it must not be redone.
/// </summary>
public sealed record ShardFailed(long Step, int Device, string Reason, bool AfterAllReduce = false);

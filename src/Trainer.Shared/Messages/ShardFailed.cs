namespace Trainer.Shared.Messages;

/// <summary>
/// Device → coordinator: the device failed while working on <see cref="Step"/>. The device then
/// stops (its replica's state is suspect), and its share of the step is computed elsewhere.
/// </summary>
public sealed record ShardFailed(long Step, int Device, string Reason);

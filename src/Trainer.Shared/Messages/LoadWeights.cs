namespace Trainer.Shared.Messages;

/// <summary>
/// Coordinator → device: overwrite the replica's unique parameters (named_parameters order)
/// with <see cref="Values"/>. Mailbox order makes it land before the next step's work.
/// </summary>
public sealed record LoadWeights(long Version, IReadOnlyList<TensorData> Values);

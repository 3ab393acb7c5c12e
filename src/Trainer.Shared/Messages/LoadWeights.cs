namespace Trainer.Shared.Messages;

/// <summary>
/// Coordinator → device: the replica's unique parameters become <see cref="Values"/>, every
/// parameter end to end in named_parameters order. Mailbox order makes it land before the next
/// step's work. Receivers treat <see cref="Values"/> as read-only: one array goes to every
/// replica, and the sender may write it again once each of them has answered a later step.
/// Until then a replica that never writes its weights may compute on the array in place
/// (parameter-server mode on CPU); one that steps its own optimizer copies it.
/// </summary>
public sealed record LoadWeights(long Version, float[] Values);

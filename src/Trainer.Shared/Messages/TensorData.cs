namespace Trainer.Shared.Messages;

/// <summary>
/// A float32 tensor as plain data (row-major values and a shape), so that device messages
/// never carry native handles and can cross a process or machine boundary unchanged.
/// Receivers treat <see cref="Values"/> as read-only: one array may be sent to every replica.
/// </summary>
public sealed record TensorData(long[] Shape, float[] Values)
{
    /// <summary>Elements the shape describes.</summary>
    public long Numel => Shape.Aggregate(1L, (a, d) => a * d);
}

namespace Trainer.Worker;

/// <summary>How a <see cref="ParameterSet"/> keeps its parameters' gradients.</summary>
public enum GradientLayout
{
    /// <summary>
    /// Every gradient is a view of one flat buffer (DDP's gradient_as_bucket_view), zeroed before
    /// each backward, which accumulates into it: one array a message can carry, one copy to and
    /// from a device.
    /// </summary>
    Flat,

    /// <summary>
    /// Each backward hands its gradients over in fresh tensors (<c>zero_grad(set_to_none=True)</c>),
    /// read where they lie through a <see cref="GradientView"/>: no zeroing pass and no
    /// accumulating pass over the gradient, which on a large layer and a small shard is a good
    /// part of the step. CPU only, for replicas that sum through shared memory (the rendezvous).
    /// </summary>
    Fresh,
}

namespace Trainer.Torch.Distributed;

/// <summary>
/// How <see cref="ProcessGroup.allreduce(Tensor, ReduceOp)"/> combines the ranks' values; the
/// numbers are c10d's, so they cross the ABI unchanged. Gloo has no native average: AVG is a
/// sum followed by a division by the world size (floating-point tensors only).
/// </summary>
public enum ReduceOp
{
    SUM = 0,
    AVG = 1,
    PRODUCT = 2,
    MIN = 3,
    MAX = 4,
}

namespace Trainer.Torch;

public static partial class torch
{
    /// <summary>
    /// PyTorch's <c>torch.nn</c>: <see cref="nn.Module"/> and the layers, containers and losses
    /// built on it, plus <see cref="nn.init"/> and <see cref="nn.functional"/>. Layers are types
    /// (<c>new nn.Linear(20, 256)</c>) so that the book's <c>isinstance(m, nn.Linear)</c> reads
    /// <c>m is nn.Linear</c>.
    /// </summary>
    public static partial class nn
    {
    }
}

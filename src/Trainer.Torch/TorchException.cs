namespace Trainer.Torch;

/// <summary>An error raised inside libtorch (or the shim), carrying libtorch's own message.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string message) : base(message) { }
}

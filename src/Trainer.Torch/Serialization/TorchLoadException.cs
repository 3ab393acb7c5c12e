namespace Trainer.Torch.Serialization;

/// <summary>
/// A file or stream that torch.load cannot read: not a zip, truncated, missing a record, a
/// pickle naming a global outside the allow-list, a storage of the wrong size. The message
/// names the source and the problem; nothing partially loaded is left alive.
/// </summary>
public sealed class TorchLoadException : Exception
{
    public TorchLoadException(string message, Exception? inner = null) : base(message, inner) { }
}

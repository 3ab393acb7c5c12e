namespace Trainer.Shared.Serialization;

/// <summary>
/// A file that is not a readable torch.save file: missing, not a zip, truncated, without
/// data.pkl, a pickle that is malformed or names a global outside the allow-list, a tensor
/// that does not fit its storage record. The message says what is wrong in one line and does
/// not repeat the path, so a caller can put it after its own "tool: path: " prefix.
/// </summary>
public sealed class TorchFileException : Exception
{
    public TorchFileException(string message, Exception? inner = null) : base(message, inner) { }
}

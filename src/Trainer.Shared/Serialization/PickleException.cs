namespace Trainer.Shared.Serialization;

/// <summary>A malformed or disallowed pickle; <see cref="TorchFileMetadata"/> rewraps it as a <see cref="TorchFileException"/>.</summary>
internal sealed class PickleException : Exception
{
    internal PickleException(string message) : base(message) { }
}

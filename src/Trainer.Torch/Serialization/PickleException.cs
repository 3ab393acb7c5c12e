namespace Trainer.Torch.Serialization;

/// <summary>A malformed or disallowed pickle; torch.load rewraps it naming the file.</summary>
internal sealed class PickleException : Exception
{
    internal PickleException(string message) : base(message) { }
}

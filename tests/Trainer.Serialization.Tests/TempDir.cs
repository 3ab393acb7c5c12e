namespace Trainer.Serialization.Tests;

/// <summary>A temporary directory, removed with everything in it when the test is done, passed or not.</summary>
internal sealed class TempDir : IDisposable
{
    internal string Path { get; } = Directory.CreateTempSubdirectory("trainer-inspect-").FullName;

    internal string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

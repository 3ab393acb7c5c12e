namespace Trainer.Torch.Tests.Serialization;

/// <summary>
/// Runs a script in the real PyTorch 1.13 (Debian's python3-torch, always /usr/bin/python3)
/// so that files cross between Trainer and PyTorch in both directions.
/// </summary>
internal static class PyTorchPeer
{
    /// <summary>Runs <paramref name="script"/> with `import torch, collections` done; returns stdout, throws with stderr on failure.</summary>
    internal static string Run(string script) =>
        Tests.PyTorchPeer.Run("import torch, collections, sys\n" + script, oneThread: true).Trim();

    /// <summary>A Python string literal for a path.</summary>
    internal static string Py(string path) => "'" + path.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}

/// <summary>A temporary directory removed after the test.</summary>
internal sealed class TempDir : IDisposable
{
    internal string Path { get; } = Directory.CreateTempSubdirectory("trainer-ser-").FullName;
    internal string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() => Directory.Delete(Path, recursive: true);
}

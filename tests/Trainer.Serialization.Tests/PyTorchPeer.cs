
namespace Trainer.Serialization.Tests;

/// <summary>
/// Runs a script in the real PyTorch so that the files under test are PyTorch's own. Debian's
/// python3-torch lives under /usr/bin/python3 (a pyenv python3 earlier on PATH has no torch);
/// TRAINER_PYTHON overrides it. Every run is bounded, and a failure carries Python's stderr.
/// </summary>
internal static class PyTorchPeer
{
    internal static string Python => Trainer.Tests.PythonRunner.Python;

    /// <summary>Runs <paramref name="script"/> (with torch and collections imported) and returns its stdout.</summary>
    internal static string Run(string script) => Trainer.Tests.PythonRunner.Run("import torch, collections, sys\n" + script);

    /// <summary>A Python string literal for a path.</summary>
    internal static string Py(string path) => "'" + path.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}

using System.Globalization;
using System.Text.Json;

namespace Trainer.Book.Tests.Support;

/// <summary>
/// Runs a script under Debian's PyTorch 1.13 (/usr/bin/python3; TRAINER_PYTHON names another
/// interpreter) as the reference peer. Every run is bounded: past <see cref="Timeout"/> the
/// process is killed and the test fails, and a non-zero exit fails with python's stderr.
/// </summary>
public static class PyTorchPeer
{
    private const string Prelude = "import json, torch\nfrom torch import nn\nfrom torch.nn import functional as F\n";

    /// <summary>Runs <paramref name="script"/> (after the usual imports) and returns its stdout, trimmed.</summary>
    public static string Run(string script) => Trainer.Tests.PythonRunner.Run(Prelude + script).TrimEnd('\n');

    /// <summary>Runs a script whose last output line is a JSON list of numbers.</summary>
    public static float[] Floats(string script) =>
        JsonSerializer.Deserialize<double[]>(Run(script).Split('\n')[^1])!.Select(d => (float)d).ToArray();

    /// <summary>Runs a script whose last output line is a JSON list of strings.</summary>
    public static string[] Strings(string script) =>
        JsonSerializer.Deserialize<string[]>(Run(script).Split('\n')[^1])!;

    /// <summary>A Python expression for the float32 tensor <paramref name="t"/>, exact to the bit.</summary>
    public static string Literal(Tensor t)
    {
        using var d = t.detach().cpu().to(ScalarType.Float64);
        var values = string.Join(", ", d.data<double>().ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var shape = string.Join(", ", t.shape) + (t.dim() == 1 ? "," : "");
        return $"torch.tensor([{values}], dtype=torch.float32).reshape({shape})";
    }

    /// <summary>A Python string literal for a path.</summary>
    public static string Quote(string path) => JsonSerializer.Serialize(path);
}

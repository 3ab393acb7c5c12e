using System.Globalization;
using System.Text.Json;

namespace Trainer.Torch.Tests.NN;

/// <summary>Runs a script in the real PyTorch 1.13 (Debian's, under /usr/bin/python3) as a reference peer.</summary>
internal static class PyTorch
{
    public static string Run(string script) =>
        PyTorchPeer.Run("import torch, json\nfrom torch import nn\nfrom torch.nn import functional as F\n" + script).TrimEnd('\n');

    /// <summary>Runs a script whose last output line is a JSON list of numbers.</summary>
    public static float[] Floats(string script) =>
        JsonSerializer.Deserialize<double[]>(Run(script).Split('\n')[^1])!.Select(d => (float)d).ToArray();

    /// <summary>A Python literal for C# data: <c>torch.tensor(Literal(x)).reshape(shape)</c>.</summary>
    public static string Literal(Tensor t) =>
        $"torch.tensor([{string.Join(", ", t.to(ScalarType.Float64).ToArray<double>().Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}], dtype=torch.float32).reshape({string.Join(", ", t.shape)}{(t.dim() == 1 ? "," : "")})";
}

internal static class Close
{
    public static void Equal(float[] expected, float[] actual, float tol = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])), $"at {i}: expected {expected[i]}, got {actual[i]}");
    }
}

using System.Text.Json;

namespace Trainer.Torch.Tests.Optim;

/// <summary>Runs a script under Debian's PyTorch 1.13 (/usr/bin/python3) and parses the JSON it prints.</summary>
internal static class PythonPeer
{
    internal static JsonElement Run(string script, params string[] args) =>
        JsonDocument.Parse(PyTorchPeer.Run(script, oneThread: true, args)).RootElement.Clone();

    internal static float[] Floats(JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();
}

using System.Diagnostics;

namespace Trainer.Torch.Tests;

/// <summary>Runs a script under Debian's PyTorch 1.13 (/usr/bin/python3) and returns its stdout.</summary>
internal static class PyTorchPeer
{
    internal const string Python = "/usr/bin/python3";

    internal static string Run(string script)
    {
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-");
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + Python);
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"python failed ({p.ExitCode}): {stderr.Result}");
        return stdout;
    }
}

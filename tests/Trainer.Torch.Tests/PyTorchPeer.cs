using System.Diagnostics;

namespace Trainer.Torch.Tests;

/// <summary>
/// Runs a script under Debian's PyTorch 1.13 (/usr/bin/python3) and returns its stdout; the one
/// runner behind every reference-peer helper of these tests. TRAINER_PYTHON names another
/// interpreter (the GPU machine's PyTorch, scripts/gpu/test.sh).
/// </summary>
internal static class PyTorchPeer
{
    internal static readonly string Python = Environment.GetEnvironmentVariable("TRAINER_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    /// <param name="script">Python source, fed on stdin.</param>
    /// <param name="oneThread">Run PyTorch with one OpenMP thread (OMP_NUM_THREADS=1).</param>
    /// <param name="args">The script's sys.argv[1:].</param>
    internal static string Run(string script, bool oneThread = false, params string[] args)
    {
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-");
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (oneThread) psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + Python);
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"python failed ({p.ExitCode}):\n{stderr.Result}\n--- script ---\n{script}");
        return stdout;
    }
}

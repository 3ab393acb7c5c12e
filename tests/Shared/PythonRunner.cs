using System.Diagnostics;

namespace Trainer.Tests;

/// <summary>
/// Runs a script under Debian's PyTorch 1.13, the tests' reference peer: /usr/bin/python3 (a
/// pyenv python3 earlier on PATH has no torch), or the interpreter TRAINER_PYTHON names. Every run
/// is bounded: past <see cref="Timeout"/> the process is killed and the test fails, and a non-zero
/// exit fails with Python's stderr and the script.
/// </summary>
internal static class PythonRunner
{
    public static readonly string Python =
        Environment.GetEnvironmentVariable("TRAINER_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="script"/> from standard input and returns its stdout.</summary>
    public static string Run(string script)
    {
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-");
        // One thread: the peer's numbers do not depend on how libgomp splits a reduction, and
        // parallel tests do not each start a pool per core.
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {Python}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Python} ran past {Timeout.TotalSeconds} s\n--- script ---\n{script}");
        }
        process.WaitForExit(); // lets the output readers finish
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Python} exited with {process.ExitCode}:\n{stderr.Result}\n--- script ---\n{script}");
        return stdout.Result;
    }
}

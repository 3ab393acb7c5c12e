using System.Diagnostics;

namespace Trainer.Serialization.Tests;

/// <summary>
/// Runs a script in the real PyTorch so that the files under test are PyTorch's own. Debian's
/// python3-torch lives under /usr/bin/python3 (a pyenv python3 earlier on PATH has no torch);
/// TRAINER_PYTHON overrides it. Every run is bounded, and a failure carries Python's stderr.
/// </summary>
internal static class PyTorchPeer
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    internal static string Python =>
        Environment.GetEnvironmentVariable("TRAINER_PYTHON") is { Length: > 0 } p ? p
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Runs <paramref name="script"/> (with torch and collections imported) and returns its stdout.</summary>
    internal static string Run(string script)
    {
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-");
        // One thread: the scripts are tiny, and parallel tests should not each start a pool per core.
        info.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {Python}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write("import torch, collections, sys\n" + script);
        process.StandardInput.Close();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Python} did not finish within {Limit.TotalSeconds} s; stderr: {Tail(stderr)}");
        }
        process.WaitForExit(); // drains the redirected streams
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Python} exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>A Python string literal for a path.</summary>
    internal static string Py(string path) => "'" + path.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private static string Tail(Task<string> stderr) => stderr.IsCompletedSuccessfully ? stderr.Result : "(still open)";
}

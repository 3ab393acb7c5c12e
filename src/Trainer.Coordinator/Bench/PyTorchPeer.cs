using System.Diagnostics;
using System.Text.Json;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// Runs bench/scaling/pytorch_scaling.py under Debian's PyTorch 1.13 (/usr/bin/python3) and
/// reads the JSON line it prints per cell. The script is copied next to trainer.dll.
/// TRAINER_PYTHON names another interpreter (another PyTorch, on another machine).
/// </summary>
public static class PyTorchPeer
{
    public static readonly string Python = Environment.GetEnvironmentVariable("TRAINER_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "bench", "pytorch_scaling.py");

    /// <summary>One process per call (DDP spawns its own); every cell of the grid is measured in it.</summary>
    public static IReadOnlyList<ScalingResult> Run(string mode, int devices, ScalingOptions options)
    {
        if (!File.Exists(Python)) throw new FileNotFoundException($"{Python} (Debian's python3-torch) is needed for the PyTorch side of the benchmark", Python);
        if (!File.Exists(ScriptPath)) throw new FileNotFoundException($"the PyTorch peer script is missing next to trainer.dll: {ScriptPath}", ScriptPath);
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     ScriptPath, "--mode", mode, "--devices", devices.ToString(),
                     "--hidden", string.Join(',', options.Hidden), "--batch", string.Join(',', options.Batch),
                     "--steps", options.Steps.ToString(), "--warmup", options.Warmup.ToString(), "--data", options.DataRoot,
                 })
            start.ArgumentList.Add(arg);
        // One thread per DDP process, N in threads mode: the script sets them; OMP must not override.
        start.Environment["OMP_NUM_THREADS"] = mode == "threads" ? devices.ToString() : "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var results = new List<ScalingResult>();
        while (process.StandardOutput.ReadLine() is { } line)
            if (line.StartsWith('{')) results.Add(Parse(line));
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"pytorch_scaling.py --mode {mode} --devices {devices} exited with {process.ExitCode}: {stderr.Result.Trim()}");
        return results;
    }

    internal static ScalingResult Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var e = doc.RootElement;
        return new ScalingResult(e.GetProperty("system").GetString()!, e.GetProperty("mode").GetString()!,
            e.GetProperty("devices").GetInt32(), e.GetProperty("batch").GetInt32(), e.GetProperty("hidden").GetInt32(),
            e.GetProperty("steps").GetInt32(), e.GetProperty("samples_per_sec").GetDouble());
    }
}

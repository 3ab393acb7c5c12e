using System.Diagnostics;
using System.Text.Json;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The PyTorch side of the scaling benchmark: bench/scaling/pytorch_scaling.py under Debian's
/// PyTorch 1.13 (/usr/bin/python3), one process (and its workers) per configuration and cell,
/// started with --serve: it warms up, then times each chunk of steps it is sent on stdin. The
/// script is copied next to trainer.dll. TRAINER_PYTHON names another interpreter (another
/// PyTorch, on another machine).
/// </summary>
public sealed class PyTorchPeer : IScalingRunner
{
    public static readonly string Python = Environment.GetEnvironmentVariable("TRAINER_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "bench", "pytorch_scaling.py");

    private readonly Process process;
    private readonly Task<string> stderr;
    private bool disposed;

    private PyTorchPeer(Process process, ScalingResult config)
    {
        this.process = process;
        Config = config;
        stderr = process.StandardError.ReadToEndAsync();
    }

    public ScalingResult Config { get; }

    /// <summary>
    /// Starts mode <paramref name="mode"/> ("threads", "ddp" or "independent") on
    /// <paramref name="devices"/> threads or processes for one cell and returns once it is warmed up.
    /// </summary>
    public static PyTorchPeer Start(string mode, int devices, int hidden, int batch, int warmup, string dataRoot)
    {
        if (!File.Exists(Python)) throw new FileNotFoundException($"{Python} (Debian's python3-torch) is needed for the PyTorch side of the benchmark", Python);
        if (!File.Exists(ScriptPath)) throw new FileNotFoundException($"the PyTorch peer script is missing next to trainer.dll: {ScriptPath}", ScriptPath);
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     ScriptPath, "--serve", "--mode", mode, "--devices", devices.ToString(), "--hidden", hidden.ToString(),
                     "--batch", batch.ToString(), "--warmup", warmup.ToString(), "--data", dataRoot,
                 })
            start.ArgumentList.Add(arg);
        // One thread per DDP or independent process, N in threads mode: the script sets them; OMP must not override.
        start.Environment["OMP_NUM_THREADS"] = mode == "threads" ? devices.ToString() : "1";
        PeerBlas.Apply(start.Environment);

        var system = mode == "independent" ? ScalingTable.Ceiling : "pytorch";
        var peer = new PyTorchPeer(Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}"),
            new ScalingResult(system, mode, devices, batch, hidden, 0, 0));
        try
        {
            peer.Answer("warming up");
            return peer;
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    public double Run(int steps)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), $"a chunk needs at least one step, got {steps}");
        process.StandardInput.WriteLine(steps);
        process.StandardInput.Flush();
        return Answer($"timing {steps} steps").GetProperty("seconds").GetDouble();
    }

    /// <summary>The script's next JSON line, or its exit with what it wrote to stderr.</summary>
    private JsonElement Answer(string doing)
    {
        while (process.StandardOutput.ReadLine() is { } line)
            if (line.StartsWith('{'))
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.Clone();
            }
        process.WaitForExit();
        throw new InvalidOperationException($"pytorch_scaling.py --mode {Config.Mode} --devices {Config.Devices} exited with {process.ExitCode} while {doing}: {stderr.Result.Trim()}");
    }

    /// <summary>Ends the session: an empty line stops the script; one that does not stop is killed.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.WriteLine();
                process.StandardInput.Close();
            }
        }
        catch (IOException)
        {
            // It is gone already.
        }
        if (!process.WaitForExit(TimeSpan.FromSeconds(20))) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}

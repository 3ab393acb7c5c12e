using System.Diagnostics;
using System.Text.Json;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The PyTorch side of the scaling benchmark: bench/scaling/pytorch_scaling.py under Debian's
/// PyTorch 1.13 (/usr/bin/python3), one process (and its workers) per configuration and cell,
/// started with --serve (<see cref="PeerProcess"/>). The script is copied next to trainer.dll.
/// TRAINER_PYTHON names another interpreter (another PyTorch, on another machine).
/// </summary>
public static class PyTorchPeer
{
    public static readonly string Python = Environment.GetEnvironmentVariable("TRAINER_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "bench", "pytorch_scaling.py");

    /// <summary>
    /// Starts mode <paramref name="mode"/> ("threads", "ddp" or "independent") on
    /// <paramref name="devices"/> threads or processes for one cell and returns once it is warmed
    /// up. "independent" is the machine's ceiling, reported as system ceiling, mode pytorch.
    /// </summary>
    public static PeerProcess Start(string mode, int devices, int hidden, int batch, int warmup, string dataRoot) =>
        Start(mode, devices, ScalingWorkload.Mlp(hidden, dataRoot), batch, warmup, dataRoot);

    /// <summary>As above, for a workload the script has a model for (<see cref="ScalingWorkload.PyTorchModel"/>: the MLP or the book's LeNet).</summary>
    public static PeerProcess Start(string mode, int devices, ScalingWorkload workload, int batch, int warmup, string dataRoot)
    {
        var model = workload.PyTorchModel ?? throw new ArgumentException($"PyTorch has no script for job '{workload.Label}' (pytorch_scaling.py runs the book's MLP and LeNet only)");
        if (!File.Exists(Python)) throw new FileNotFoundException($"{Python} (Debian's python3-torch) is needed for the PyTorch side of the benchmark", Python);
        if (!File.Exists(ScriptPath)) throw new FileNotFoundException($"the PyTorch peer script is missing next to trainer.dll: {ScriptPath}", ScriptPath);
        var start = new ProcessStartInfo(Python);
        foreach (var arg in new[]
                 {
                     ScriptPath, "--serve", "--mode", mode, "--devices", devices.ToString(), "--model", model, "--hidden", Math.Max(1, workload.Hidden).ToString(),
                     "--batch", batch.ToString(), "--warmup", warmup.ToString(), "--data", dataRoot,
                 })
            start.ArgumentList.Add(arg);
        // One thread per DDP or independent process, N in threads mode: the script sets them; OMP must not override.
        start.Environment["OMP_NUM_THREADS"] = mode == "threads" ? devices.ToString() : "1";
        PeerBlas.Apply(start.Environment);

        var config = mode == "independent"
            ? ScalingResult.Of(ScalingSystems.Ceiling, ScalingSystems.PyTorch, devices, workload, batch)
            : ScalingResult.Of(ScalingSystems.PyTorch, mode, devices, workload, batch);
        return PeerProcess.Start(start, config, $"pytorch_scaling.py --mode {mode} --devices {devices}");
    }

    /// <summary>The BLAS libraries a started peer mapped, as its ready line lists them (empty if it did not say).</summary>
    public static IReadOnlyList<string> Blas(PeerProcess peer) =>
        peer.ReadyLine.ValueKind == JsonValueKind.Object && peer.ReadyLine.TryGetProperty("blas", out var blas) && blas.ValueKind == JsonValueKind.Array
            ? blas.EnumerateArray().Select(b => b.GetString() ?? "").Where(b => b.Length > 0).ToList()
            : [];

    /// <summary>
    /// A warning when the peer's BLAS is not OpenBLAS, else null. Debian's PyTorch calls
    /// libblas.so.3, which without a libopenblas0 package is the reference BLAS: measured here
    /// (2026-12-01) a 256×784 @ 784×256 matmul took 23.7 ms on it, against ~0.7 ms on OpenBLAS, so
    /// every comparison with such a peer flatters Trainer.
    /// </summary>
    public static string? BlasWarning(IReadOnlyList<string> blas) =>
        blas.Count == 0 || blas.Any(b => b.Contains("openblas", StringComparison.OrdinalIgnoreCase)) ? null
            : $"WARNING: the PyTorch peer runs on {string.Join(", ", blas)}, not OpenBLAS (Debian's reference BLAS, over 30× slower for these matrix products): "
              + "checks (a), (c) and the PyTorch ceiling of (d) flatter Trainer and are no evidence. Install libopenblas0-pthread and measure again.";
}

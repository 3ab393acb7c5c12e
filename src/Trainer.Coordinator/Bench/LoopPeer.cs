using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The plain TorchSharp loop (<see cref="TorchSharpLoop"/>) as the benchmark runs it: in a child
/// process, `trainer bench loop-peer`, serving chunks over stdin as pytorch_scaling.py --serve does.
/// A child process and not this one, because the loop stands for a user's program without
/// Trainer, and that program would not share its process with the benchmark: here every other
/// configuration of the cell is alive while it runs (up to four trainers, each with its actor
/// system, pinned replica threads and scheduler thread, and their garbage on one GC heap).
/// In its own process the loop has its own heap and only its own thread, so Trainer's one device
/// against it counts all of what the harness costs, with nothing of the benchmark's charged to
/// the loop. The child is the same trainer.dll, so it runs with the same runtime settings
/// (tiered compilation off) and the same TorchSharp and libtorch.
/// </summary>
public static class LoopPeer
{
    /// <summary>The plain loop on one thread, whole batches: system torchsharp, mode loop, 1 device.</summary>
    public static PeerProcess Start(int hidden, int batch, int warmup, string dataRoot) =>
        PeerProcess.Start(Command(hidden, batch, warmup, dataRoot, 0, 1),
            new ScalingResult(ScalingSystems.TorchSharp, ScalingSystems.Loop, 1, batch, hidden, 0, 0), Name(0, 1));

    /// <summary>
    /// The TorchSharp ceiling for <paramref name="devices"/> devices: that many loop processes, one
    /// thread each, each training its share of every batch, never communicating; warmed up together.
    /// </summary>
    public static IndependentPeers StartCeiling(int devices, int hidden, int batch, int warmup, string dataRoot)
    {
        if (devices < 2) throw new ArgumentException($"a ceiling needs at least 2 processes, got {devices}");
        var peers = new List<PeerProcess>();
        try
        {
            for (var rank = 0; rank < devices; rank++)
                peers.Add(PeerProcess.Launch(Command(hidden, batch, warmup, dataRoot, rank, devices),
                    new ScalingResult(ScalingSystems.TorchSharp, ScalingSystems.Loop, 1, batch, hidden, 0, 0), Name(rank, devices)));
        }
        catch
        {
            foreach (var p in peers) p.Dispose();
            throw;
        }
        return new IndependentPeers(peers, new ScalingResult(ScalingSystems.Ceiling, ScalingSystems.TorchSharp, devices, batch, hidden, 0, 0));
    }

    private static string Name(int rank, int world) => world == 1 ? "trainer bench loop-peer" : $"trainer bench loop-peer --rank {rank} --world {world}";

    /// <summary>`dotnet trainer.dll bench loop-peer ...`, with the dotnet that runs this process.</summary>
    internal static ProcessStartInfo Command(int hidden, int batch, int warmup, string dataRoot, int rank, int world)
    {
        var dll = typeof(LoopPeer).Assembly.Location;
        if (!File.Exists(dll)) throw new FileNotFoundException($"trainer.dll not found for the loop peer: '{dll}'", dll);
        var start = new ProcessStartInfo(DotnetHost());
        foreach (var arg in new[]
                 {
                     dll, "bench", "loop-peer", "--hidden", hidden.ToString(), "--batch", batch.ToString(), "--warmup", warmup.ToString(),
                     "--data", dataRoot, "--rank", rank.ToString(), "--world", world.ToString(),
                 })
            start.ArgumentList.Add(arg);
        // One intra-op thread: the loop also sets it on its thread; this keeps OpenMP's pool from starting wider.
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["MKL_NUM_THREADS"] = "1";
        return start;
    }

    /// <summary>
    /// The dotnet muxer of the running runtime (its root is three folders above the shared
    /// framework: dotnet/shared/Microsoft.NETCore.App/10.0.x): this process may be `dotnet
    /// trainer.dll`, the `trainer` app host, or a test host, and the child must run on the same runtime.
    /// </summary>
    internal static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var muxer = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(muxer) ? muxer : "dotnet";
    }
}

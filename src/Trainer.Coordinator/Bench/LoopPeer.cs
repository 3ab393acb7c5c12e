using System.Diagnostics;
using System.Globalization;
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
/// (tiered compilation off) and the same TorchSharp and libtorch. A job's loop is
/// `bench job-loop-peer` of the app's own executable with the job's options
/// (<see cref="ScalingWorkload.Arguments"/>), so that it builds the same job.
/// </summary>
public static class LoopPeer
{
    /// <summary>
    /// The loop and its ceilings for the benchmark: the MLP's cells as `bench loop-peer --hidden H`,
    /// a job's as `bench job-loop-peer` with its options, both of <paramref name="self"/>
    /// (null: this process is no app that could rebuild a job, so only the MLP's loops, of trainer.dll).
    /// </summary>
    public static LoopStart Starter(SelfCommand? self) => (workload, devices, batch, warmup) =>
    {
        var command = workload.Job is null
            ? SelfCommand.Trainer()
            : self ?? throw new InvalidOperationException(
                $"the plain loop of job '{workload.Label}' runs as `bench job-loop-peer` of the job's own executable, and this process is not one (a test host?)");
        var arguments = workload.Job is null
            ? (IReadOnlyList<string>)["bench", "loop-peer", .. workload.Arguments] // --data, --hidden: loop-peer's own options
            : ["bench", "job-loop-peer", .. workload.Arguments];
        var loop = ScalingResult.Of(ScalingSystems.TorchSharp, ScalingSystems.Loop, 1, workload, batch);
        if (devices == 1) return PeerProcess.Start(Command(command, arguments, batch, warmup, 0, 1), loop, Name(0, 1));
        return StartCeiling(devices, rank => Command(command, arguments, batch, warmup, rank, devices), loop,
            ScalingResult.Of(ScalingSystems.Ceiling, ScalingSystems.TorchSharp, devices, workload, batch));
    };

    /// <summary>The plain loop on one thread, whole batches: system torchsharp, mode loop, 1 device.</summary>
    public static PeerProcess Start(int hidden, int batch, int warmup, string dataRoot) =>
        (PeerProcess)Starter(null)(ScalingWorkload.Mlp(hidden, dataRoot), 1, batch, warmup);

    /// <summary>
    /// The TorchSharp ceiling for <paramref name="devices"/> devices: that many loop processes, one
    /// thread each, each training its share of every batch, never communicating; warmed up together.
    /// </summary>
    public static IndependentPeers StartCeiling(int devices, int hidden, int batch, int warmup, string dataRoot) =>
        (IndependentPeers)Starter(null)(ScalingWorkload.Mlp(hidden, dataRoot), devices, batch, warmup);

    private static IndependentPeers StartCeiling(int devices, Func<int, ProcessStartInfo> command, ScalingResult loop, ScalingResult ceiling)
    {
        if (devices < 2) throw new ArgumentException($"a ceiling needs at least 2 processes, got {devices}");
        var peers = new List<PeerProcess>();
        try
        {
            for (var rank = 0; rank < devices; rank++)
                peers.Add(PeerProcess.Launch(command(rank), loop, Name(rank, devices)));
        }
        catch
        {
            foreach (var p in peers) p.Dispose();
            throw;
        }
        return new IndependentPeers(peers, ceiling);
    }

    private static string Name(int rank, int world) => world == 1 ? "trainer bench loop-peer" : $"trainer bench loop-peer --rank {rank} --world {world}";

    /// <summary>`dotnet trainer.dll bench loop-peer ...` (or the app's `bench job-loop-peer ...`), with the dotnet that runs this process.</summary>
    private static ProcessStartInfo Command(SelfCommand self, IReadOnlyList<string> arguments, int batch, int warmup, int rank, int world)
    {
        var start = self.Start(arguments.Concat(
        [
            "--batch", batch.ToString(CultureInfo.InvariantCulture), "--warmup", warmup.ToString(CultureInfo.InvariantCulture),
            "--rank", rank.ToString(CultureInfo.InvariantCulture), "--world", world.ToString(CultureInfo.InvariantCulture),
        ]));
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

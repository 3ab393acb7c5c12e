using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Trainer.Distributed.Tests;

/// <summary>What one peer process printed and how it ended.</summary>
internal sealed record PeerResult(int Rank, int ExitCode, JsonElement Report, string Stderr)
{
    public string? Error => Report.TryGetProperty("error", out var e) ? e.GetString() : null;

    public float[] Floats(string key) => Report.GetProperty(key).EnumerateArray().Select(v => v.GetSingle()).ToArray();
    public double[] Doubles(string key) => Report.GetProperty(key).EnumerateArray().Select(v => v.GetDouble()).ToArray();
    public long[] Longs(string key) => Report.GetProperty(key).EnumerateArray().Select(v => v.GetInt64()).ToArray();
}

/// <summary>
/// Starts peer ranks (tests/Trainer.Collectives.Peer, copied into peer/ by the build) over
/// loopback and collects their JSON reports. Any peer still running when the run ends (a test
/// failed, or a peer hung past the guard) is killed, so no test leaves processes behind.
/// </summary>
internal static class PeerRun
{
    /// <summary>Upper bound for a whole run; reaching it means a hang, which fails the test.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    private static string PeerDll => Path.Combine(AppContext.BaseDirectory, "peer", "Trainer.Collectives.Peer.dll");

    /// <summary>A port nobody listens on right now (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs the given ranks of a <paramref name="world"/>-process group; ranks not listed never start.</summary>
    public static async Task<PeerResult[]> Start(int world, IEnumerable<int> ranks, string scenario, int timeoutMs)
    {
        Assert.True(File.Exists(PeerDll), $"peer program not found at {PeerDll}; build the solution first");
        var port = FreePort();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var processes = new List<(int Rank, Process Process, Task<string> Out, Task<string> Err)>();
        try
        {
            foreach (var rank in ranks)
            {
                var info = new ProcessStartInfo(dotnet)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (var a in new[] { PeerDll, "--rank", $"{rank}", "--world", $"{world}", "--port", $"{port}",
                             "--timeout-ms", $"{timeoutMs}", "--scenario", scenario })
                    info.ArgumentList.Add(a);
                var p = Process.Start(info) ?? throw new InvalidOperationException("could not start the peer");
                processes.Add((rank, p, p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync()));
            }
            using var guard = new CancellationTokenSource(HangGuard);
            foreach (var (_, p, _, _) in processes)
                await p.WaitForExitAsync(guard.Token);

            var results = new List<PeerResult>();
            foreach (var (rank, p, stdout, stderr) in processes)
            {
                var text = await stdout;
                var err = await stderr;
                var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                    ?? throw new InvalidOperationException($"rank {rank} printed nothing (exit {p.ExitCode}); stderr: {err}");
                results.Add(new PeerResult(rank, p.ExitCode, JsonDocument.Parse(line).RootElement.Clone(), err));
            }
            return results.ToArray();
        }
        finally
        {
            foreach (var (_, p, _, _) in processes)
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                p.Dispose();
            }
        }
    }
}

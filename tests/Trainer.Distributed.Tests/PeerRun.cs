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

    /// <summary>
    /// Runs the given ranks of a <paramref name="world"/>-process group; ranks not listed never
    /// start. All peers are released together once each has started up (see the peer's "ready").
    /// </summary>
    public static async Task<PeerResult[]> Start(int world, IEnumerable<int> ranks, string scenario, int timeoutMs)
    {
        Assert.True(File.Exists(PeerDll), $"peer program not found at {PeerDll}; build the solution first");
        var port = FreePort();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var peers = new List<(int Rank, Process Process, Task<string> Err)>();
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            foreach (var rank in ranks)
            {
                var info = new ProcessStartInfo(dotnet)
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (var a in new[] { PeerDll, "--rank", $"{rank}", "--world", $"{world}", "--port", $"{port}",
                             "--timeout-ms", $"{timeoutMs}", "--scenario", scenario })
                    info.ArgumentList.Add(a);
                var p = Process.Start(info) ?? throw new InvalidOperationException("could not start the peer");
                peers.Add((rank, p, p.StandardError.ReadToEndAsync()));
            }

            foreach (var (rank, p, err) in peers)
            {
                var first = await p.StandardOutput.ReadLineAsync(guard.Token);
                if (first != "ready")
                    throw new InvalidOperationException($"rank {rank} did not start (said '{first}'); stderr: {await err}");
            }
            foreach (var (_, p, _) in peers)
            {
                await p.StandardInput.WriteLineAsync("go");
                await p.StandardInput.FlushAsync();
            }

            var results = new List<PeerResult>();
            foreach (var (rank, p, err) in peers)
            {
                var text = await p.StandardOutput.ReadToEndAsync(guard.Token);
                await p.WaitForExitAsync(guard.Token);
                var stderr = await err;
                var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                    ?? throw new InvalidOperationException($"rank {rank} printed nothing (exit {p.ExitCode}); stderr: {stderr}");
                results.Add(new PeerResult(rank, p.ExitCode, JsonDocument.Parse(line).RootElement.Clone(), stderr));
            }
            return results.ToArray();
        }
        finally
        {
            foreach (var (_, p, _) in peers)
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                p.Dispose();
            }
        }
    }
}

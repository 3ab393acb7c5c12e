using System.Diagnostics;
using Trainer.Coordinator.Bench;

namespace Trainer.Telemetry.Tests;

/// <summary>
/// The chunk protocol between the benchmark and its peer processes, against scripted /bin/sh
/// children (what a peer does, without a peer), and the child's side, <see cref="ChunkServer"/>.
/// </summary>
public class PeerProcessTests
{
    private static readonly ScalingResult Config = new("torchsharp", "loop", 1, 64, 16, 0, 0);

    /// <summary>A child running <paramref name="script"/> under /bin/sh.</summary>
    private static ProcessStartInfo Shell(string script)
    {
        var start = new ProcessStartInfo("/bin/sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        return start;
    }

    /// <summary>A line of chatter, ready, then each step count n answered with "0.n" seconds, until an empty line.</summary>
    private const string Server =
        "echo 'loading, not JSON'; echo '{\"ready\": true}'; " +
        "while read n && [ -n \"$n\" ]; do echo \"{\\\"steps\\\": $n, \\\"seconds\\\": 0.$n}\"; done";

    [Fact]
    public void Start_ChildThatServes_EachChunkAnsweredWithItsSeconds()
    {
        using var peer = PeerProcess.Start(Shell(Server), Config, "a scripted peer");
        Assert.Equal(0.5, peer.Run(5), 9);
        Assert.Equal(0.25, peer.Run(25), 9);
        Assert.Same(Config, peer.Config);
    }

    [Fact]
    public void Start_ChildDiesWhileWarmingUp_ThrowsWithItsExitCodeAndStderr()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            PeerProcess.Start(Shell("echo 'starting'; echo 'no such data set' >&2; exit 3"), Config, "a scripted peer"));
        Assert.Equal("a scripted peer exited with 3 while warming up: no such data set", e.Message);
    }

    [Fact]
    public void Run_ChildDiesDuringAChunk_ThrowsNamingTheChunk()
    {
        using var peer = PeerProcess.Start(Shell("echo '{\"ready\": true}'; read n; echo 'out of memory' >&2; exit 4"), Config, "a scripted peer");
        var e = Assert.Throws<InvalidOperationException>(() => peer.Run(7));
        Assert.Equal("a scripted peer exited with 4 while timing 7 steps: out of memory", e.Message);
    }

    [Fact]
    public void Run_AnswerWithoutSeconds_ThrowsInvalidData()
    {
        using var peer = PeerProcess.Start(Shell("echo '{\"ready\": true}'; read n; echo '{\"steps\": 2}'; read n"), Config, "a scripted peer");
        var e = Assert.Throws<InvalidDataException>(() => peer.Run(2));
        Assert.Contains("a scripted peer answered", e.Message);
    }

    [Fact]
    public void IndependentPeers_Run_SendsToAllBeforeReadingAndTakesTheSlowest()
    {
        // Each child answers only once the other has been sent the chunk too (a file each writes
        // and then waits for the other's): a runner that waited for one answer before sending the
        // other its chunk would hang here.
        var dir = Directory.CreateTempSubdirectory("trainer-peers-").FullName;
        try
        {
            string Child(int me, int other, string seconds) =>
                $"echo '{{\"ready\": true}}'; while read n && [ -n \"$n\" ]; do touch {dir}/$n.{me}; " +
                $"i=0; while [ ! -e {dir}/$n.{other} ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; " +
                $"[ -e {dir}/$n.{other} ] || exit 9; echo \"{{\\\"steps\\\": $n, \\\"seconds\\\": {seconds}}}\"; done";
            var peers = new[]
            {
                PeerProcess.Launch(Shell(Child(0, 1, "0.2")), Config, "peer 0"),
                PeerProcess.Launch(Shell(Child(1, 0, "0.3")), Config, "peer 1"),
            };
            using var both = new IndependentPeers(peers, new ScalingResult("ceiling", "torchsharp", 2, 64, 16, 0, 0));
            Assert.Equal(0.3, both.Run(3), 9);
            Assert.Equal(0.3, both.Run(4), 9);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void IndependentPeers_OneDiesWhileWarmingUp_ThrowsNamingIt()
    {
        var peers = new[]
        {
            PeerProcess.Launch(Shell("echo '{\"ready\": true}'; read n"), Config, "peer 0"),
            PeerProcess.Launch(Shell("echo 'bad rank' >&2; exit 2"), Config, "peer 1"),
        };
        var e = Assert.Throws<InvalidOperationException>(() => new IndependentPeers(peers, Config));
        Assert.Equal("peer 1 exited with 2 while warming up: bad rank", e.Message);
    }

    [Fact]
    public void ChunkServer_Serve_ReadyThenOneAnswerPerStepCountUntilAnEmptyLine()
    {
        var runner = new FixedRunner(msPerStep: 2);
        var output = new StringWriter();
        ChunkServer.Serve(runner, new StringReader("3\n 10 \n\n5\n"), output);
        Assert.Equal(new[] { "{\"ready\": true}", "{\"steps\": 3, \"seconds\": 0.006}", "{\"steps\": 10, \"seconds\": 0.02}" },
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(new[] { 3, 10 }, runner.Chunks);
    }

    [Fact]
    public void ChunkServer_Serve_NotAStepCount_ThrowsNamingTheLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => ChunkServer.Serve(new FixedRunner(1), new StringReader("-2\n"), new StringWriter()));
        Assert.Contains("'-2'", e.Message);
    }

    private sealed class FixedRunner(double msPerStep) : IScalingRunner
    {
        public List<int> Chunks { get; } = new();

        public ScalingResult Config => PeerProcessTests.Config;

        public double Run(int steps)
        {
            Chunks.Add(steps);
            return steps * msPerStep / 1000;
        }

        public void Dispose() { }
    }
}

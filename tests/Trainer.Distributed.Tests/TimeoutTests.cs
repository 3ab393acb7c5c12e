namespace Trainer.Distributed.Tests;

/// <summary>
/// A peer that never arrives, or never joins a collective, must end in an error that says so
/// once the group's timeout (3 s here) has passed — not in a hang. A hang trips PeerRun's guard
/// and fails the test.
/// </summary>
[Collection(MultiProcess.Name)]
public sealed class TimeoutTests
{
    private const int TimeoutMs = 3000;

    [Fact]
    public async Task InitProcessGroup_PeerNeverArrives_MasterFailsNamingMissingRank()
    {
        var results = await PeerRun.Start(2, new[] { 0 }, "init", TimeoutMs);

        var master = Assert.Single(results);
        Assert.Equal(1, master.ExitCode);
        Assert.Equal("TorchException", master.Report.GetProperty("error_type").GetString());
        Assert.Contains("1 of 2 peer(s) did not arrive within the timeout of 3 s", master.Error);
        Assert.Contains("missing rank(s): 1", master.Error);
    }

    [Fact]
    public async Task InitProcessGroup_MasterNeverArrives_WorkerFailsSayingSo()
    {
        var results = await PeerRun.Start(2, new[] { 1 }, "init", TimeoutMs);

        var worker = Assert.Single(results);
        Assert.Equal(1, worker.ExitCode);
        Assert.Contains("rank 1 could not reach the rendezvous", worker.Error);
        Assert.Contains("the master, rank 0, did not arrive", worker.Error);
    }

    [Fact]
    public async Task InitProcessGroup_OneOfThreeNeverArrives_BothOthersFailNamingIt()
    {
        var results = await PeerRun.Start(3, new[] { 0, 1 }, "init", TimeoutMs);

        Assert.Equal(2, results.Length);
        foreach (var p in results)
        {
            Assert.Equal(1, p.ExitCode);
            Assert.Contains("1 of 3 peer(s) did not arrive", p.Error);
            Assert.Contains("missing rank(s): 2", p.Error);
        }
    }

    [Fact]
    public async Task InitProcessGroup_SameRankTwice_FailsNamingTheDuplicate()
    {
        var results = await PeerRun.Start(3, new[] { 0, 1, 1 }, "init", TimeoutMs);

        Assert.All(results, p => Assert.Equal(1, p.ExitCode));
        Assert.Contains(results, p => p.Error!.Contains("two processes were started with the same rank"));
    }

    [Fact]
    public async Task Barrier_PeerNeverCalls_FailsWithinTimeout()
    {
        var results = await PeerRun.Start(2, new[] { 0, 1 }, "stall", TimeoutMs);

        var master = results.Single(p => p.Rank == 0);
        Assert.Equal(1, master.ExitCode);
        Assert.False(master.Report.TryGetProperty("barrier", out _), "the barrier must not succeed");
        Assert.Contains("barrier failed on rank 0 of 2 (timeout 3 s)", master.Error);
        Assert.Equal(0, results.Single(p => p.Rank == 1).ExitCode);
    }
}

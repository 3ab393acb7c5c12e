namespace Trainer.Distributed.Tests;

/// <summary>2 and 3 real processes over loopback: every rank must see exactly the reduced values.</summary>
[Collection(MultiProcess.Name)]
public sealed class CollectivesTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Collectives_NProcesses_EveryRankSeesReducedValues(int n)
    {
        var results = await PeerRun.Start(n, Enumerable.Range(0, n), "collectives", timeoutMs: 30_000);

        float ranksPlusOne = n * (n + 1) / 2f; // sum over ranks of (r + 1)
        float ranks = n * (n - 1) / 2f;        // sum over ranks of r
        Assert.Equal(n, results.Length);
        foreach (var p in results)
        {
            Assert.True(p.ExitCode == 0, $"rank {p.Rank} failed: {p.Error}\n{p.Stderr}");
            Assert.Equal(p.Rank, p.Report.GetProperty("pg_rank").GetInt32());
            Assert.Equal(n, p.Report.GetProperty("pg_size").GetInt32());
            Assert.Equal(new[] { ranksPlusOne, 2 * ranksPlusOne, 0.5f * n }, p.Floats("sum"));
            Assert.Equal(new[] { (n + 1) / 2.0, 10 * (n + 1) / 2.0 }, p.Doubles("avg"));
            Assert.Equal(new long[] { n - 1, 0 }, p.Longs("max"));
            Assert.Equal(new[] { 10f * (n - 1) + 7, -(n - 1) }, p.Floats("broadcast"));
            Assert.Equal(Enumerable.Repeat(ranksPlusOne, 6), p.Floats("coalesced_a"));
            Assert.Equal(new long[] { (long)ranks, 100 * n }, p.Longs("coalesced_b"));
            Assert.Equal(new[] { ranks, n, 2f * n, 3 * ranks }, p.Floats("coalesced_c"));
            Assert.Equal(new[] { 0.25 * ranksPlusOne }, p.Doubles("coalesced_d"));
            Assert.Equal(new[] { ranksPlusOne, ranksPlusOne }, p.Floats("coalesced_e_min_max"));
            Assert.Equal(new double[] { 5, 5, 5, 1, 1, 1, 1 }, p.Doubles("broadcast_list"));
            Assert.Equal(new float[] { n }, p.Floats("module_sum"));
            Assert.Equal(p.Rank, p.Report.GetProperty("module_rank").GetInt32());
            Assert.True(p.Report.GetProperty("barrier").GetBoolean());
            Assert.Equal(0, p.Report.GetProperty("live_tensors_leaked").GetInt64());
        }
    }
}

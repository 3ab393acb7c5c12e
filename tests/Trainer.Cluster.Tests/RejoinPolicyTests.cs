using Trainer.Worker.Node;

namespace Trainer.Cluster.Tests;

/// <summary>A worker's schedule for joining again after losing its coordinator: bounded attempts, growing waits.</summary>
public sealed class RejoinPolicyTests
{
    [Fact]
    public void DelayBefore_Attempts_DoublesFromTheFirstDelayUpToTheCapThenGivesUp()
    {
        var policy = new RejoinPolicy(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));

        var delays = Enumerable.Range(1, 6).Select(policy.DelayBefore).ToList();

        Assert.Equal([1.0, 2.0, 4.0, 5.0, 5.0], delays.Take(5).Select(d => d!.Value.TotalSeconds));
        Assert.Null(delays[5]);
        Assert.Null(policy.DelayBefore(0));
    }

    [Fact]
    public void DelayBefore_DefaultPolicy_BoundedTotalWait()
    {
        var total = Enumerable.Range(1, RejoinPolicy.Default.MaxAttempts).Sum(a => RejoinPolicy.Default.DelayBefore(a)!.Value.TotalSeconds);
        Assert.True(total <= 60, $"the default policy waits {total} s between attempts");
        Assert.Null(RejoinPolicy.Default.DelayBefore(RejoinPolicy.Default.MaxAttempts + 1));
    }
}

using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

public class GradientRendezvousTests
{
    [Fact]
    public async Task AllReduce_ThreeReplicas_WeightedSumForEveryone()
    {
        var r = new GradientRendezvous(TimeSpan.FromSeconds(30));
        var tasks = Enumerable.Range(0, 3).Select(d => Task.Run(() =>
            r.AllReduce(1, 0, 3, d, weight: (d + 1) / 6f, new[] { new float[] { d, 10 * d } }))).ToArray();
        var results = await Task.WhenAll(tasks);
        // (1/6)*0 + (2/6)*1 + (3/6)*2 = 4/3; (2/6)*10 + (3/6)*20 = 40/3
        foreach (var result in results)
        {
            Assert.Equal(4f / 3, result[0][0], 5);
            Assert.Equal(40f / 3, result[0][1], 4);
        }
    }

    [Fact]
    public async Task Abort_WhileOthersWait_EveryoneGetsAbortedAndNoSum()
    {
        var r = new GradientRendezvous(TimeSpan.FromSeconds(30));
        var waiting = Task.Run(() => r.AllReduce(4, 0, 2, 0, 0.5f, new[] { new float[] { 1 } }));
        while (!waiting.IsCompleted && waiting.Status != TaskStatus.Running) await Task.Yield();
        await Task.Delay(50);
        r.Abort(4, 0, "cpu:1 failed: boom");

        var e = await Assert.ThrowsAsync<RendezvousAbortedException>(() => waiting);
        Assert.Contains("cpu:1 failed: boom", e.Message);
        // A late arrival at the aborted round is turned away at once.
        Assert.Throws<RendezvousAbortedException>(() => r.AllReduce(4, 0, 2, 1, 0.5f, new[] { new float[] { 1 } }));
        // The redo (next attempt) works.
        Assert.Equal(2f, r.AllReduce(4, 1, 1, 0, 1f, new[] { new float[] { 2 } })[0][0]);
    }

    [Fact]
    public void AllReduce_ParticipantNeverComes_TimesOut()
    {
        var r = new GradientRendezvous(TimeSpan.FromMilliseconds(200));
        var e = Assert.Throws<RendezvousAbortedException>(() => r.AllReduce(1, 0, 2, 0, 1f, new[] { new float[] { 1 } }));
        Assert.Contains("timed out", e.Message);
    }

    [Fact]
    public async Task AllReduce_ReplicaWithoutSamples_ContributesNothing()
    {
        var r = new GradientRendezvous(TimeSpan.FromSeconds(30));
        var other = Task.Run(() => r.AllReduce(1, 0, 2, 1, 0f, Array.Empty<float[]>()));
        var sum = r.AllReduce(1, 0, 2, 0, 1f, new[] { new float[] { 3, 4 } });
        Assert.Equal(new float[] { 3, 4 }, sum[0]);
        Assert.Same(sum, await other);
    }
}

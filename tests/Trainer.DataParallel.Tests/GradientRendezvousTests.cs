using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

public class GradientRendezvousTests
{
    [Fact]
    public async Task AllReduce_ThreeReplicas_WeightedSumInEveryBuffer()
    {
        var r = new GradientRendezvous(TimeSpan.FromSeconds(30));
        var buffers = Enumerable.Range(0, 3).Select(d => new float[] { d, 10 * d }).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(d => Task.Run(() =>
            r.AllReduce(1, 0, 3, d, weight: (d + 1) / 6f, buffers[d]))));
        // (1/6)*0 + (2/6)*1 + (3/6)*2 = 4/3; (2/6)*10 + (3/6)*20 = 40/3
        foreach (var b in buffers)
        {
            Assert.Equal(4f / 3, b[0], 5);
            Assert.Equal(40f / 3, b[1], 4);
        }
    }

    [Fact]
    public async Task AllReduce_LongBuffers_EqualTheSerialSumBitForBit()
    {
        // Long enough for several blocks per slice and an uneven tail: the slicing over
        // participants must not change a single bit against a one-thread sum in device order.
        const int n = 3 * 2048 * 3 + 77;
        var random = new Random(5);
        var inputs = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray()).ToArray();
        var weights = new[] { 0.25f, 0.35f, 0.4f };
        var expected = new float[n];
        for (var i = 0; i < n; i++)
        {
            var s = 0f;
            for (var d = 0; d < 3; d++) s += weights[d] * inputs[d][i];
            expected[i] = s;
        }
        var buffers = inputs.Select(b => b.ToArray()).ToArray();
        var r = new GradientRendezvous(TimeSpan.FromSeconds(30));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(d => Task.Run(() => r.AllReduce(7, 0, 3, d, weights[d], buffers[d]))));
        foreach (var b in buffers) Assert.Equal(expected, b);
    }

    [Fact]
    public async Task AllReduce_FreshGradients_WeightedSumLandsInEveryReplicasTensors()
    {
        // Two replicas whose backward handed over fresh tensors (one run per parameter, block
        // ends at every run's end) and a third on a flat buffer: the sum must equal the serial
        // sum of their flat copies bit for bit, and land where each optimizer reads it.
        using var problem = Problem.Tied();
        using var loss = problem.Loss();
        var nets = Enumerable.Range(0, 3).Select(_ => problem.Model()).ToArray();
        var sets = nets.Select((n, d) => new ParameterSet(n, d < 2 ? GradientLayout.Fresh : GradientLayout.Flat)).ToArray();
        try
        {
            var views = new GradientView[3];
            for (var d = 0; d < 3; d++)
            {
                sets[d].ZeroGradients();
                using (var scope = torch.NewDisposeScope())
                    loss.call(nets[d].call(problem.X.narrow(0, 7 * d, 7)), problem.Y.narrow(0, 7 * d, 7)).backward();
                views[d] = sets[d].CollectGradients();
            }
            var weights = new[] { 0.5f, 0.3f, 0.2f };
            var copies = views.Select(v => { var a = new float[v.Length]; v.CopyTo(a); return a; }).ToArray();
            var expected = new float[copies[0].Length];
            for (var i = 0; i < expected.Length; i++)
            {
                var sum = 0f;
                for (var d = 0; d < 3; d++) sum += weights[d] * copies[d][i];
                expected[i] = sum;
            }

            var r = new GradientRendezvous(TimeSpan.FromSeconds(30));
            await Task.WhenAll(Enumerable.Range(0, 3).Select(d => Task.Run(() => r.AllReduce(2, 0, 3, d, weights[d], views[d]))));

            for (var d = 0; d < 3; d++)
            {
                var fromTensors = sets[d].Parameters.SelectMany(p =>
                {
                    using var g = p.grad!;
                    return g.data<float>().ToArray();
                }).ToArray();
                Assert.Equal(expected, fromTensors);
            }
        }
        finally
        {
            foreach (var s in sets) s.Dispose();
            foreach (var n in nets) n.Dispose();
        }
    }

    [Fact]
    public async Task Abort_WhileOthersWait_EveryoneGetsAbortedAndBuffersUntouched()
    {
        var r = new GradientRendezvous(TimeSpan.FromSeconds(30));
        var buffer = new float[] { 1 };
        var waiting = Task.Run(() => r.AllReduce(4, 0, 2, 0, 0.5f, buffer));
        while (!waiting.IsCompleted && waiting.Status != TaskStatus.Running) await Task.Yield();
        await Task.Delay(50);
        r.Abort(4, 0, "cpu:1 failed: boom");

        var e = await Assert.ThrowsAsync<RendezvousAbortedException>(() => waiting);
        Assert.Contains("cpu:1 failed: boom", e.Message);
        Assert.Equal(1f, buffer[0]);
        // A late arrival at the aborted round is turned away at once.
        Assert.Throws<RendezvousAbortedException>(() => r.AllReduce(4, 0, 2, 1, 0.5f, new float[] { 1 }));
        // The redo (next attempt) works.
        var redo = new float[] { 2 };
        r.AllReduce(4, 1, 1, 0, 1f, redo);
        Assert.Equal(2f, redo[0]);
    }

    [Fact]
    public void AllReduce_ParticipantNeverComes_TimesOut()
    {
        var r = new GradientRendezvous(TimeSpan.FromMilliseconds(200));
        var e = Assert.Throws<RendezvousAbortedException>(() => r.AllReduce(1, 0, 2, 0, 1f, new float[] { 1 }));
        Assert.Contains("timed out", e.Message);
    }

    [Fact]
    public async Task AllReduce_ReplicaWithoutSamples_ContributesNothingButReceivesTheSum()
    {
        var r = new GradientRendezvous(TimeSpan.FromSeconds(30));
        var stale = new float[] { 100, 100 };
        var other = Task.Run(() => r.AllReduce(1, 0, 2, 1, 0f, stale, hasSamples: false));
        var mine = new float[] { 3, 4 };
        r.AllReduce(1, 0, 2, 0, 1f, mine);
        await other;
        Assert.Equal(new float[] { 3, 4 }, mine);
        Assert.Equal(new float[] { 3, 4 }, stale);
    }

    [Fact]
    public async Task AllReduce_BuffersOfDifferentLength_AbortsNamingTheLayout()
    {
        var r = new GradientRendezvous(TimeSpan.FromSeconds(30));
        var attempts = new[] { new float[3], new float[4] }.Select((b, d) => Task.Run(() => r.AllReduce(1, 0, 2, d, 0.5f, b))).ToArray();
        var errors = new List<Exception>();
        foreach (var t in attempts) errors.Add((await Record.ExceptionAsync(() => t))!);
        // The last to arrive finds the mismatch; the one waiting hears of it as an abort.
        Assert.All(errors, e => Assert.Contains("layout", e.Message));
        Assert.Single(errors, e => e is RendezvousAbortedException);
    }

    [Fact]
    public async Task Abort_LaterRoundBeforeAnyoneJoins_JoinersAbortedAndTheNextAttemptWorks()
    {
        // The coordinator redoes a step whose old attempt nobody has reached yet (a device died
        // after the previous step's sum): whoever reaches the old attempt is turned away.
        var r = new GradientRendezvous(TimeSpan.FromSeconds(30));
        r.Abort(3, 0, "step 3 is redone over the devices still alive");

        var e = Assert.Throws<RendezvousAbortedException>(() => r.Join(3, 0, 2, 0, 0.5f, new float[] { 1 }));
        Assert.Contains("redone over the devices still alive", e.Message);

        var buffers = new[] { new float[] { 2 }, new float[] { 4 } };
        await Task.WhenAll(Enumerable.Range(0, 2).Select(d => Task.Run(() => r.AllReduce(3, 1, 2, d, 0.5f, buffers[d]))));
        Assert.All(buffers, b => Assert.Equal(3f, b[0]));
    }

    [Fact]
    public async Task Abort_CurrentRoundWithAWaiter_WaiterAborted()
    {
        var r = new GradientRendezvous(TimeSpan.FromSeconds(30));
        var waiting = Task.Run(() => r.Join(2, 0, 2, 0, 0.5f, new float[] { 1 }));
        await Task.Delay(50);
        r.Abort(2, 0, "called off");
        var e = await Assert.ThrowsAsync<RendezvousAbortedException>(() => waiting);
        Assert.Contains("called off", e.Message);
    }

    [Fact]
    public async Task Join_OlderAttemptAfterANewerBegan_TurnedAwayAsAborted()
    {
        // A slow replica reaches attempt 0 of step 4 after a fast one has already joined attempt 1
        // (the coordinator redid the step when a device died): the latecomer is healthy, and is
        // turned away with the abort it answers to, not an error that would take it out of the run.
        var r = new GradientRendezvous(TimeSpan.FromSeconds(30));
        r.Abort(4, 0, "step 4 is redone over the devices still alive");
        Assert.Throws<RendezvousAbortedException>(() => r.Join(4, 0, 3, 2, 0.5f, new float[] { 1 }));
        var buffers = new[] { new float[] { 2 }, new float[] { 4 } };
        var fast = Task.Run(() => r.AllReduce(4, 1, 2, 1, 0.5f, buffers[1]));
        await Task.Delay(50);

        var e = Assert.Throws<RendezvousAbortedException>(() => r.Join(4, 0, 3, 0, 0.5f, new float[] { 1 }));
        Assert.Contains("superseded", e.Message);

        r.AllReduce(4, 1, 2, 0, 0.5f, buffers[0]);
        await fast;
        Assert.All(buffers, b => Assert.Equal(3f, b[0]));
    }
}

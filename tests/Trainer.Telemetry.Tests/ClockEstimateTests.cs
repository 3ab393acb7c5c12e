using Trainer.Coordinator.Telemetry;

namespace Trainer.Telemetry.Tests;

public class ClockEstimateTests
{
    /// <summary>A worker whose clock reads coordinator time + 5 s, probed with uneven delays each way.</summary>
    private const double TrueOffsetUs = 5_000_000;

    private static ClockEstimate.Sample Probe(double sentUs, double outboundUs, double backUs) =>
        new(sentUs, sentUs + outboundUs + TrueOffsetUs, sentUs + outboundUs + backUs);

    [Fact]
    public void Add_UnevenDelays_KeepsShortestRoundTripAndTrueOffsetWithinItsBound()
    {
        var clock = new ClockEstimate();
        Assert.True(clock.Add(Probe(1_000, outboundUs: 900, backUs: 100)));
        Assert.True(clock.Add(Probe(2_000, outboundUs: 40, backUs: 160)));   // the shortest: 200 us
        Assert.True(clock.Add(Probe(3_000, outboundUs: 5_000, backUs: 50)));
        Assert.Equal(3, clock.Samples);
        Assert.Equal(100, clock.ErrorBoundUs);
        Assert.Equal(TrueOffsetUs - 60, clock.OffsetUs, 6); // (40 - 160) / 2 off, inside the bound
        Assert.InRange(TrueOffsetUs, clock.OffsetUs - clock.ErrorBoundUs, clock.OffsetUs + clock.ErrorBoundUs);
        Assert.Equal(12_345 + 60, clock.ToCoordinatorUs(12_345 + TrueOffsetUs), 6);
    }

    [Fact]
    public void Add_AnswerBeforeItsProbe_RefusedAndNoEstimate()
    {
        var clock = new ClockEstimate();
        Assert.False(clock.Add(new ClockEstimate.Sample(SentUs: 500, WorkerUs: 1, ReceivedUs: 400)));
        Assert.False(clock.Add(new ClockEstimate.Sample(SentUs: 500, WorkerUs: double.NaN, ReceivedUs: 600)));
        Assert.False(clock.Known);
        Assert.Throws<InvalidOperationException>(() => clock.OffsetUs);
    }

    [Fact]
    public void Summary_RoundsTheBoundUpToAWholeMicrosecond()
    {
        var clock = new ClockEstimate();
        clock.Add(Probe(0, outboundUs: 100.2, backUs: 100.2));
        var summary = ClockSummary.From(clock);
        Assert.Equal(0.101, summary.ErrorBoundMs); // 100.2 us, never rounded down
        Assert.Equal(5000.0, summary.OffsetMs);
        Assert.Equal(1, summary.Probes);
    }
}

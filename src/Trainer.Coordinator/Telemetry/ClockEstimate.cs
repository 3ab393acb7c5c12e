namespace Trainer.Coordinator.Telemetry;

/// <summary>
/// A worker's clock against the coordinator's, estimated as NTP does on the wire (RFC 5905,
/// section 8) from probes on the control channel: the coordinator sends a probe at t0 (its
/// clock), the worker reads its clock at w when it answers, the answer is back at t3. The
/// worker's reading happened at some coordinator time τ in [t0, t3], so its offset
/// θ = w − τ lies in [w − t3, w − t0]: the estimate w − (t0 + t3) / 2 is off by at most half
/// the round trip (t3 − t0) / 2, whatever the delays each way. Of all probes the one with the
/// shortest round trip is kept (NTP's clock filter), so the bound is the tightest seen. The
/// bound holds while neither clock drifts against the other: both are Stopwatch, the kernel's
/// monotonic clock, which on one machine is the same clock; across machines quartz drifts of
/// some 10-100 ppm add that share of the run's length (see README, Telemetry).
/// </summary>
public sealed class ClockEstimate
{
    /// <summary>One probe: sent and received on the coordinator's clock, answered on the worker's (microseconds).</summary>
    public readonly record struct Sample(double SentUs, double WorkerUs, double ReceivedUs)
    {
        public double RoundTripUs => ReceivedUs - SentUs;
        public double OffsetUs => WorkerUs - (SentUs + ReceivedUs) / 2;
    }

    private Sample? best;

    /// <summary>Probes answered.</summary>
    public int Samples { get; private set; }

    /// <summary>Whether any probe was answered (without one there is no estimate).</summary>
    public bool Known => best is not null;

    /// <summary>The worker's clock minus the coordinator's, in microseconds.</summary>
    public double OffsetUs => Best.OffsetUs;

    /// <summary>The most the true offset can differ from <see cref="OffsetUs"/>: half the shortest round trip.</summary>
    public double ErrorBoundUs => Best.RoundTripUs / 2;

    private Sample Best => best ?? throw new InvalidOperationException("no clock probe has been answered yet");

    /// <summary>Takes one probe's readings; false (and ignored) when they cannot be (an answer before its probe).</summary>
    public bool Add(Sample sample)
    {
        if (!double.IsFinite(sample.WorkerUs) || !(sample.RoundTripUs >= 0)) return false;
        Samples++;
        if (best is not { } b || sample.RoundTripUs < b.RoundTripUs) best = sample;
        return true;
    }

    /// <summary>A time on the worker's clock, on the coordinator's.</summary>
    public double ToCoordinatorUs(double workerUs) => workerUs - OffsetUs;
}

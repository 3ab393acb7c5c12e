namespace Trainer.Shared.Telemetry;

/// <summary>One timed phase on one track (a device, or the coordinator); times in microseconds since the run began.</summary>
public sealed record SpanRecord(string Track, Phase Phase, long Step, double StartUs, double DurationUs)
{
    public double EndUs => StartUs + DurationUs;
}

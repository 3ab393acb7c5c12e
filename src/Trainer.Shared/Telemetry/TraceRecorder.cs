using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Trainer.Shared.Telemetry;

/// <summary>
/// Collects the timing spans of a run from every device thread, and mirrors each one as an
/// OpenTelemetry span (ActivitySource "Trainer") and a duration histogram sample (Meter
/// "Trainer"). With no OpenTelemetry listener attached the mirroring costs next to nothing,
/// so the recorder is always on.
/// </summary>
public sealed class TraceRecorder
{
    public const string SourceName = "Trainer";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Histogram<double> PhaseDuration =
        Meter.CreateHistogram<double>("trainer.phase.duration", unit: "ms", description: "Duration of one phase of a training step on one device");

    private readonly ConcurrentQueue<SpanRecord> spans = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly DateTime startedUtc = DateTime.UtcNow;

    /// <summary>Microseconds since this recorder (the run) started.</summary>
    public double NowUs => clock.Elapsed.TotalMicroseconds;

    public IReadOnlyCollection<SpanRecord> Spans => spans.ToArray();

    /// <summary>Times the enclosed block: <c>using (trace.Span("cpu:0", Phase.Forward, step)) { ... }</c>.</summary>
    public SpanScope Span(string track, Phase phase, long step) => new(this, track, phase, step, NowUs);

    /// <summary>Records a span measured elsewhere (e.g. idle time between two messages).</summary>
    public void Record(string track, Phase phase, long step, double startUs, double durationUs)
    {
        var record = new SpanRecord(track, phase, step, startUs, durationUs);
        spans.Enqueue(record);
        var tags = new TagList { { "trainer.device", track }, { "trainer.phase", phase.Name() } };
        PhaseDuration.Record(durationUs / 1000.0, tags);
        if (Source.HasListeners())
        {
            var start = startedUtc.AddTicks((long)(startUs * 10));
            using var activity = Source.StartActivity(phase.Name(), ActivityKind.Internal, default(ActivityContext), startTime: start);
            if (activity is not null)
            {
                activity.SetTag("trainer.device", track);
                activity.SetTag("trainer.phase", phase.Name());
                activity.SetTag("trainer.step", step);
                activity.SetEndTime(start.AddTicks((long)(durationUs * 10)));
            }
        }
    }

    /// <summary>
    /// Adds a span recorded by another process (a worker's, on this recorder's clock already)
    /// without mirroring it: that process exported it to OpenTelemetry itself.
    /// </summary>
    public void Import(SpanRecord record) => spans.Enqueue(record);

    /// <summary>
    /// Removes and returns up to <paramref name="max"/> of the oldest spans: a worker ships its
    /// spans to the coordinator in small batches and keeps none, so its memory stays bounded.
    /// </summary>
    public IReadOnlyList<SpanRecord> Take(int max)
    {
        var taken = new List<SpanRecord>(Math.Min(max, spans.Count));
        while (taken.Count < max && spans.TryDequeue(out var s)) taken.Add(s);
        return taken;
    }

    /// <summary>Ends the span when disposed. A struct, so timing a phase allocates nothing.</summary>
    public readonly struct SpanScope : IDisposable
    {
        private readonly TraceRecorder recorder;
        private readonly string track;
        private readonly Phase phase;
        private readonly long step;
        private readonly double startUs;

        internal SpanScope(TraceRecorder recorder, string track, Phase phase, long step, double startUs)
        {
            this.recorder = recorder;
            this.track = track;
            this.phase = phase;
            this.step = step;
            this.startUs = startUs;
        }

        public void Dispose() => recorder?.Record(track, phase, step, startUs, recorder.NowUs - startUs);
    }
}

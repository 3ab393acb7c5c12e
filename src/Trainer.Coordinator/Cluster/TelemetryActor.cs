using Trainer.Coordinator.Telemetry;
using Trainer.Shared.Telemetry;
using Trainer.Shared.Wire;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The coordinator's collector of the workers' spans (at /user/telemetry). It probes every live
/// worker's clock four times a second over Akka (<see cref="ClockEstimate"/>), keeps the span
/// batches the workers send (each checked: the sender is the node of the worker it names, tracks are its
/// devices, phases known, times finite), and when asked to gather (the run is over) asks every
/// live worker to flush, waits for their last batches (bounded), and puts every span on the
/// coordinator's clock into the run's trace, on the track "WORKER/DEVICE" its device has in the run.
/// </summary>
internal sealed class TelemetryActor : ReceiveActor, IWithTimers
{
    public const string Name = "telemetry";
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromMilliseconds(250);

    private readonly TraceRecorder trace;
    private readonly WorkerDirectory directory;
    private readonly Action<string> log;
    private readonly Dictionary<string, ClockEstimate> clocks = new();
    // Spans as the workers sent them, on each worker's clock: corrected once, with the best estimate of the run.
    private readonly Dictionary<string, List<SpanRecord>> held = new();
    private readonly Dictionary<long, (string Worker, double SentUs)> probes = new();
    private long probeCount;
    private IActorRef? gatherer;
    private readonly HashSet<string> flushing = new();
    private bool gathered;

    public ITimerScheduler Timers { get; set; } = null!;

    public TelemetryActor(TraceRecorder trace, WorkerDirectory directory, Action<string> log)
    {
        this.trace = trace;
        this.directory = directory;
        this.log = log;
        Receive<ProbeClocks>(_ => ProbeAll());
        Receive<ClockEcho>(OnEcho);
        Receive<SpanBatch>(OnBatch);
        Receive<GatherTelemetry>(OnGather);
        Receive<GatherTimedOut>(_ => Finish());
    }

    public static Props Create(TraceRecorder trace, WorkerDirectory directory, Action<string> log) =>
        Props.Create(() => new TelemetryActor(trace, directory, log));

    protected override void PreStart() => Timers.StartPeriodicTimer("probe", ProbeClocks.Instance, TimeSpan.Zero, ProbeEvery);

    private void ProbeAll()
    {
        foreach (var m in directory.All.Where(m => !m.Lost))
        {
            var id = ++probeCount;
            var sent = trace.NowUs;
            probes[id] = (m.WorkerId, sent);
            m.Node.Tell(new ClockProbe { Id = id, SentUs = sent }, Self);
        }
        // Probes of a lost worker are never answered: past a few thousand, the oldest half goes.
        if (probes.Count > 4096)
            foreach (var stale in probes.Keys.Order().Take(2048).ToList()) probes.Remove(stale);
    }

    private void OnEcho(ClockEcho echo)
    {
        var received = trace.NowUs;
        // Only the answer to a probe sent, carrying that probe's own time, counts.
        if (!probes.Remove(echo.Id, out var probe) || echo.SentUs != probe.SentUs) return;
        if (!clocks.TryGetValue(probe.Worker, out var clock)) clocks[probe.Worker] = clock = new ClockEstimate();
        clock.Add(new ClockEstimate.Sample(probe.SentUs, echo.WorkerUs, received));
    }

    private void OnBatch(SpanBatch batch)
    {
        if (gathered) return; // the trace is written: a late batch has nowhere to go
        var worker = directory.All.FirstOrDefault(m => m.WorkerId == batch.WorkerId);
        // Only the node that joined under that id (its actor, not just its address) speaks for it.
        if (worker is null || !worker.Node.Equals(Sender))
        {
            log($"spans from {Sender.Path} refused: it is not the node of worker {batch.WorkerId}");
            return;
        }
        if (batch.Spans.Count > WireLimits.MaxSpansPerBatch)
        {
            log($"spans from worker {worker.WorkerId} refused: a batch of {batch.Spans.Count} (at most {WireLimits.MaxSpansPerBatch})");
            return;
        }
        if (!held.TryGetValue(worker.WorkerId, out var list)) held[worker.WorkerId] = list = new();
        var refused = 0;
        foreach (var s in batch.Spans)
        {
            if (worker.Devices.Contains(s.Track) && Enum.IsDefined((Phase)s.Phase) && s.Step >= 0
                && double.IsFinite(s.StartUs) && double.IsFinite(s.DurationUs) && s.DurationUs >= 0)
                list.Add(new SpanRecord(s.Track, (Phase)s.Phase, s.Step, s.StartUs, s.DurationUs));
            else refused++;
        }
        if (refused > 0) log($"{refused} span(s) from worker {worker.WorkerId} refused (unknown track or phase, or times that are not finite)");
        if (batch.Last && flushing.Remove(worker.WorkerId) && flushing.Count == 0 && gatherer is not null) Finish();
    }

    private void OnGather(GatherTelemetry gather)
    {
        gatherer = Sender;
        foreach (var m in directory.All.Where(m => !m.Lost))
        {
            flushing.Add(m.WorkerId);
            m.Node.Tell(new FlushTelemetry(), Self);
        }
        if (flushing.Count == 0) Finish();
        else Timers.StartSingleTimer("gather", GatherTimedOut.Instance, gather.Patience);
    }

    /// <summary>Every span held goes into the trace on the coordinator's clock; the gatherer gets each worker's clock and who did not flush.</summary>
    private void Finish()
    {
        if (gathered) return;
        gathered = true;
        Timers.CancelAll();
        foreach (var (worker, spans) in held)
        {
            if (!clocks.TryGetValue(worker, out var clock) || !clock.Known)
            {
                log($"{spans.Count} span(s) of worker {worker} left out of the trace: its clock never answered a probe");
                continue;
            }
            foreach (var s in spans)
                trace.Import(s with { Track = $"{worker}/{s.Track}", StartUs = clock.ToCoordinatorUs(s.StartUs) });
        }
        var summaries = clocks.Where(c => c.Value.Known).ToDictionary(c => c.Key, c => ClockSummary.From(c.Value));
        gatherer?.Tell(new TelemetryGathered(summaries, flushing.Order(StringComparer.Ordinal).ToList()));
    }
}

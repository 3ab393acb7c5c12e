using Trainer.Shared.Telemetry;
using Trainer.Shared.Wire;

namespace Trainer.Worker.Node;

/// <summary>
/// A worker's spans on their way to the coordinator: its devices and links record into
/// <see cref="Trace"/> (on this process's clock; the coordinator corrects the offset), and the
/// node ships them in small batches and keeps none. Transfers under way are counted, because
/// the span of the run's last upload ends on a gRPC thread: a flush waits for it.
/// </summary>
public sealed class WorkerTelemetry
{
    private int transfers;

    public TraceRecorder Trace { get; } = new();

    /// <summary>Uploads and downloads started whose span is not recorded yet.</summary>
    public int TransfersInFlight => Volatile.Read(ref transfers);

    /// <summary>A transfer starts now; returns its start on <see cref="Trace"/>'s clock.</summary>
    public double TransferStarted()
    {
        Interlocked.Increment(ref transfers);
        return Trace.NowUs;
    }

    /// <summary>Records the transfer's span (from <paramref name="startUs"/> to now); call once per <see cref="TransferStarted"/>.</summary>
    public void TransferEnded(string track, Phase phase, long step, double startUs)
    {
        Trace.Record(track, phase, step, startUs, Trace.NowUs - startUs);
        Interlocked.Decrement(ref transfers);
    }

    /// <summary>The oldest spans held (at most <see cref="WireLimits.MaxSpansPerBatch"/>) as one message; null when none are held and <paramref name="last"/> is false.</summary>
    public SpanBatch? NextBatch(string workerId, bool last)
    {
        var spans = Trace.Take(WireLimits.MaxSpansPerBatch);
        if (spans.Count == 0 && !last) return null;
        var batch = new SpanBatch { WorkerId = workerId };
        foreach (var s in spans)
            batch.Spans.Add(new WorkerSpan { Track = s.Track, Phase = (int)s.Phase, Step = s.Step, StartUs = s.StartUs, DurationUs = s.DurationUs });
        // A full batch may leave more behind: the flush's answer ends with a batch that is not full.
        batch.Last = last && spans.Count < WireLimits.MaxSpansPerBatch;
        return batch;
    }
}

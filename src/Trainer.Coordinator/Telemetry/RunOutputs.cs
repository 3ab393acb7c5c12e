using Trainer.Shared.Telemetry;

namespace Trainer.Coordinator.Telemetry;

/// <summary>What a run's trace leaves in --out: trace.json (Chrome trace events, one track per device).</summary>
public static class RunOutputs
{
    public const string TraceFile = "trace.json";

    /// <summary>Writes DIR/trace.json and returns the per-device timings for summary.json.</summary>
    public static IReadOnlyList<DeviceTiming> WriteTrace(string outDir, TraceRecorder recorder)
    {
        var spans = recorder.Spans;
        ChromeTrace.Write(Path.Combine(outDir, TraceFile), spans);
        return DeviceTiming.From(spans);
    }
}

using System.Text.Json;
using Trainer.Shared.Telemetry;

namespace Trainer.DataParallel.Tests;

public class TelemetryTests
{
    [Fact]
    public void ChromeTrace_OneTrackPerDevice_CompleteEventsWithSteps()
    {
        var spans = new[]
        {
            new SpanRecord("cpu:0", Phase.Forward, 1, 10, 5),
            new SpanRecord("cpu:1", Phase.Forward, 1, 11, 6),
            new SpanRecord("cpu:0", Phase.Backward, 1, 15, 7),
            new SpanRecord("coordinator", Phase.OptimizerStep, 1, 30, 2),
        };
        using var stream = new MemoryStream();
        ChromeTrace.Write(stream, spans);
        using var doc = JsonDocument.Parse(stream.ToArray());
        var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var names = events.Where(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name")
            .ToDictionary(e => e.GetProperty("args").GetProperty("name").GetString()!, e => e.GetProperty("tid").GetInt32());
        Assert.Equal(new[] { "coordinator", "cpu:0", "cpu:1" }, names.Keys.OrderBy(k => names[k]));
        var complete = events.Where(e => e.GetProperty("ph").GetString() == "X").ToList();
        Assert.Equal(4, complete.Count);
        var backward = complete.Single(e => e.GetProperty("name").GetString() == "backward");
        Assert.Equal(names["cpu:0"], backward.GetProperty("tid").GetInt32());
        Assert.Equal(15, backward.GetProperty("ts").GetDouble());
        Assert.Equal(7, backward.GetProperty("dur").GetDouble());
        Assert.Equal(1, backward.GetProperty("args").GetProperty("step").GetInt64());
    }

    [Fact]
    public void Summarize_PercentilesAndIdleShare()
    {
        var spans = new List<SpanRecord>();
        for (var i = 0; i < 100; i++) spans.Add(new SpanRecord("cpu:0", Phase.Forward, i, i * 10_000, (i + 1) * 10));
        spans.Add(new SpanRecord("cpu:0", Phase.Idle, 100, 1_000_000, 1_000_000));
        var summary = Assert.Single(PhaseStats.Summarize(spans));
        var forward = summary.Phases.Single(p => p.Phase == "forward");
        Assert.Equal(100, forward.Count);
        Assert.Equal(0.5, forward.P50Ms, 9);   // 50th of 10us..1000us = 500us
        Assert.Equal(0.95, forward.P95Ms, 9);
        Assert.Equal(0.5, summary.IdleShare, 9); // 1 s idle out of 2 s wall
    }

    [Fact]
    public void Recorder_SpanScope_RecordsOnDispose()
    {
        var recorder = new TraceRecorder();
        using (recorder.Span("cpu:0", Phase.OptimizerStep, 7)) Thread.SpinWait(1000);
        var span = Assert.Single(recorder.Spans);
        Assert.Equal(("cpu:0", Phase.OptimizerStep, 7L), (span.Track, span.Phase, span.Step));
        Assert.True(span.DurationUs > 0);
    }
}

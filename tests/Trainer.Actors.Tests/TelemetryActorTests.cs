using System.Collections.Concurrent;
using Trainer.Coordinator.Cluster;
using Trainer.Shared.Telemetry;
using Trainer.Shared.Wire;
using Xunit.Abstractions;

namespace Trainer.Actors.Tests;

/// <summary>
/// The coordinator's collector of worker spans, driven by a probe standing for a worker node:
/// it estimates the node's clock from the probe's echo, checks every batch at the edge (the
/// sender is the node of the worker it names; tracks, phases, times), and on gather puts what passed on the
/// coordinator's clock, or gives up on a worker that never flushes.
/// </summary>
public sealed class TelemetryActorTests(ITestOutputHelper output) : ActorTest(output)
{
    private const double WorkerAheadUs = 1_000_000; // the worker's clock reads the coordinator's + 1 s

    private static WorkerSpan Span(string track = "cpu:0", int phase = (int)Phase.Forward, double startUs = 3_000_000, double durationUs = 500) =>
        new() { Track = track, Phase = phase, Step = 1, StartUs = startUs, DurationUs = durationUs };

    private (TraceRecorder Trace, IActorRef Telemetry, Akka.TestKit.TestProbe Node, ConcurrentQueue<string> Log) Collector()
    {
        var trace = new TraceRecorder();
        var directory = new WorkerDirectory(null);
        var node = CreateTestProbe();
        var (_, refusal) = directory.Join(new JoinRequest { WorkerId = "w1", Devices = { "cpu:0" } }, node.Ref);
        Assert.Null(refusal);
        var log = new ConcurrentQueue<string>();
        var telemetry = Sys.ActorOf(TelemetryActor.Create(trace, directory, log.Enqueue));
        // The node answers one probe, as NodeActor does: its clock's reading, taken as it answers.
        var probe = node.FishForMessage<ClockProbe>(_ => true, Patience);
        telemetry.Tell(new ClockEcho { Id = probe.Id, SentUs = probe.SentUs, WorkerUs = trace.NowUs + WorkerAheadUs }, node.Ref);
        return (trace, telemetry, node, log);
    }

    [Fact]
    public async Task Gather_CheckedSpansOfAWorker_OnTheCoordinatorsClockWithinTheBound()
    {
        var (trace, telemetry, node, log) = Collector();
        var batch = new SpanBatch { WorkerId = "w1" };
        batch.Spans.Add(Span());
        batch.Spans.Add(Span(track: "cpu:9"));                 // not one of its devices
        batch.Spans.Add(Span(phase: 99));                      // no such phase
        batch.Spans.Add(Span(durationUs: double.NaN));         // not a time
        telemetry.Tell(batch, node.Ref);
        var stranger = CreateTestProbe();
        telemetry.Tell(new SpanBatch { WorkerId = "w1", Spans = { Span() } }, stranger.Ref); // w1's name, another sender

        var gathered = telemetry.Ask<TelemetryGathered>(new GatherTelemetry(Patience), Patience);
        node.FishForMessage<FlushTelemetry>(_ => true, Patience);
        telemetry.Tell(new SpanBatch { WorkerId = "w1", Last = true }, node.Ref);
        var result = await gathered.WaitAsync(Patience);

        var clock = result.Clocks["w1"];
        Assert.Empty(result.NotFlushed);
        var span = Assert.Single(trace.Spans);
        Assert.Equal(("w1/cpu:0", Phase.Forward, 1L, 500.0), (span.Track, span.Phase, span.Step, span.DurationUs));
        Assert.InRange(span.StartUs, 3_000_000 - WorkerAheadUs - clock.ErrorBoundMs * 1000, 3_000_000 - WorkerAheadUs + clock.ErrorBoundMs * 1000);
        Assert.InRange(clock.OffsetMs, WorkerAheadUs / 1000 - clock.ErrorBoundMs - 0.001, WorkerAheadUs / 1000 + clock.ErrorBoundMs + 0.001); // + rounding
        Assert.Contains(log, l => l.Contains("3 span(s) from worker w1 refused"));
        Assert.Contains(log, l => l.Contains("it is not the node of worker w1"));
    }

    [Fact]
    public async Task Gather_WorkerNeverFlushes_AnswersAfterThePatienceNamingIt()
    {
        var (trace, telemetry, node, _) = Collector();
        telemetry.Tell(new SpanBatch { WorkerId = "w1", Spans = { Span() } }, node.Ref);

        var gathered = telemetry.Ask<TelemetryGathered>(new GatherTelemetry(TimeSpan.FromMilliseconds(300)), Patience);
        var result = await gathered.WaitAsync(Patience);

        Assert.Equal(["w1"], result.NotFlushed);
        Assert.Equal("w1/cpu:0", Assert.Single(trace.Spans).Track); // what came before is kept
        telemetry.Tell(new SpanBatch { WorkerId = "w1", Spans = { Span() }, Last = true }, node.Ref);
        AwaitAssert(() => Assert.Single(trace.Spans), TimeSpan.FromMilliseconds(300)); // the trace is written: late spans go nowhere
    }
}

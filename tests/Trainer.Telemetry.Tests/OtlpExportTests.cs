using Trainer.Coordinator.Telemetry;
using Trainer.Shared.Telemetry;

namespace Trainer.Telemetry.Tests;

[Collection(EnvironmentCollection.Name)]
public class OtlpExportTests
{
    [Fact]
    public void StartFromEnvironment_HttpProtobuf_SpansAndHistogramArriveDecoded()
    {
        using var receiver = new OtlpReceiver();
        using (new EnvironmentScope(("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")))
        using (var export = OtlpExport.StartFromEnvironment())
        {
            Assert.NotNull(export);
            var recorder = new TraceRecorder();
            recorder.Record("cpu:0", Phase.Forward, 1, 100, 1500);
            recorder.Record("cpu:1", Phase.Backward, 1, 200, 2500);
            recorder.Record("coordinator", Phase.Aggregate, 1, 3000, 400);
        } // disposing flushes both providers

        Assert.All(receiver.Requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
        var spans = OtlpDecoded.Spans(receiver);
        var forward = Assert.Single(spans, s => s.Name == "forward" && s.Attributes["trainer.device"].StringValue == "cpu:0");
        Assert.Equal("Trainer", forward.Scope);
        Assert.Equal("forward", forward.Attributes["trainer.phase"].StringValue);
        Assert.Equal(1, forward.Attributes["trainer.step"].IntValue);
        Assert.Equal(1_500_000UL, forward.EndNs - forward.StartNs); // 1500 us, to the tick (100 ns)
        Assert.Single(spans, s => s.Name == "backward" && s.Attributes["trainer.device"].StringValue == "cpu:1");
        Assert.Single(spans, s => s.Name == "aggregate" && s.Attributes["trainer.device"].StringValue == "coordinator");
        var resource = OtlpDecoded.TraceResources(receiver).First();
        Assert.Equal("trainer", OtlpDecoded.Attributes(resource.Attributes)["service.name"].StringValue);

        var points = OtlpDecoded.HistogramPoints(receiver, "trainer.phase.duration");
        Assert.NotEmpty(points);
        Assert.All(points, p => Assert.Equal("ms", p.Metric.Unit));
        var backward = points.Last(p => p.Attributes["trainer.device"].StringValue == "cpu:1" && p.Attributes["trainer.phase"].StringValue == "backward");
        Assert.Equal(1UL, backward.Point.Count);
        Assert.Equal(2.5, backward.Point.Sum, 9);
        Assert.Equal(2.5, backward.Point.Max, 9);
        Assert.Equal(backward.Point.ExplicitBounds.Count + 1, backward.Point.BucketCounts.Count);
    }

    [Fact]
    public void StartFromEnvironment_NoEndpoint_ReturnsNull()
    {
        using (new EnvironmentScope(("OTEL_EXPORTER_OTLP_ENDPOINT", null)))
            Assert.Null(OtlpExport.StartFromEnvironment());
    }

    [Fact]
    public void StartFromEnvironment_EndpointNotAUri_ThrowsNamingTheVariable()
    {
        using (new EnvironmentScope(("OTEL_EXPORTER_OTLP_ENDPOINT", "not a uri")))
        {
            var e = Assert.Throws<ArgumentException>(() => OtlpExport.StartFromEnvironment());
            Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", e.Message);
        }
    }
}

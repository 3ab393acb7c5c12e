using Trainer.Telemetry.Tests.Otlp;

namespace Trainer.Telemetry.Tests;

/// <summary>What the receiver got, decoded with the OTLP proto subset and flattened for asserts.</summary>
public static class OtlpDecoded
{
    public sealed record DecodedSpan(string Name, IReadOnlyDictionary<string, AnyValue> Attributes, string Scope, ulong StartNs, ulong EndNs);

    public static List<DecodedSpan> Spans(OtlpReceiver receiver) =>
        receiver.Bodies("/v1/traces")
            .Select(ExportTraceServiceRequest.Parser.ParseFrom)
            .SelectMany(r => r.ResourceSpans)
            .SelectMany(rs => rs.ScopeSpans)
            .SelectMany(ss => ss.Spans.Select(s => new DecodedSpan(s.Name, Attributes(s.Attributes), ss.Scope.Name, s.StartTimeUnixNano, s.EndTimeUnixNano)))
            .ToList();

    public static List<Resource> TraceResources(OtlpReceiver receiver) =>
        receiver.Bodies("/v1/traces").Select(ExportTraceServiceRequest.Parser.ParseFrom)
            .SelectMany(r => r.ResourceSpans).Select(rs => rs.Resource).ToList();

    /// <summary>Histogram data points of one metric with their attributes, from every export.</summary>
    public static List<(Metric Metric, HistogramDataPoint Point, IReadOnlyDictionary<string, AnyValue> Attributes)> HistogramPoints(OtlpReceiver receiver, string metric) =>
        receiver.Bodies("/v1/metrics")
            .Select(ExportMetricsServiceRequest.Parser.ParseFrom)
            .SelectMany(r => r.ResourceMetrics)
            .SelectMany(rm => rm.ScopeMetrics)
            .SelectMany(sm => sm.Metrics)
            .Where(m => m.Name == metric && m.DataCase == Metric.DataOneofCase.Histogram)
            .SelectMany(m => m.Histogram.DataPoints.Select(p => (m, p, Attributes(p.Attributes))))
            .ToList();

    public static IReadOnlyDictionary<string, AnyValue> Attributes(IEnumerable<KeyValue> attributes) =>
        attributes.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Last().Value);
}

using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Trainer.Shared.Telemetry;

namespace Trainer.Coordinator.Telemetry;

/// <summary>
/// Turns on the OpenTelemetry SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set: the spans of
/// ActivitySource "Trainer" and the instruments of Meter "Trainer" go out over OTLP. The
/// exporter itself reads the standard variables (endpoint, OTEL_EXPORTER_OTLP_PROTOCOL grpc or
/// http/protobuf, headers), so with http/protobuf it posts to ENDPOINT/v1/traces and /v1/metrics.
/// Disposing the result flushes and shuts both providers down, so nothing is lost at exit.
/// </summary>
public static class OtlpExport
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "trainer";

    /// <summary>The providers, or null when no endpoint is configured (then tracing stays free).</summary>
    public static IDisposable? StartFromEnvironment()
    {
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        if (string.IsNullOrWhiteSpace(endpoint)) return null;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            throw new ArgumentException($"{EndpointVariable}={endpoint} is not an absolute URI such as http://127.0.0.1:4318");
        return Start();
    }

    private static Providers Start()
    {
        var tracer = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService(ServiceName))
            .AddSource(TraceRecorder.SourceName)
            .AddOtlpExporter(o =>
            {
                // An epoch makes thousands of short spans; the default queue (2048) would
                // drop most of them between two exports.
                o.BatchExportProcessorOptions.MaxQueueSize = 1 << 16;
                o.BatchExportProcessorOptions.MaxExportBatchSize = 4096;
            })
            .Build();
        var meter = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService(ServiceName))
            .AddMeter(TraceRecorder.SourceName)
            .AddOtlpExporter()
            .Build();
        return new Providers(tracer, meter);
    }

    private sealed class Providers(TracerProvider tracer, MeterProvider meter) : IDisposable
    {
        public void Dispose()
        {
            // Shutdown exports what is still queued (the final metric collection included).
            tracer.Dispose();
            meter.Dispose();
        }
    }
}

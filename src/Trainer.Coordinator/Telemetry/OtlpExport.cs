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
/// Every process names itself in its resource: service.instance.id (HOST-PID, the worker id
/// and track prefix of <see cref="NodeIdentity"/>), host.name, and trainer.role (the command:
/// coordinator, worker, train...), so a backend tells a cluster's processes apart.
/// </summary>
public static class OtlpExport
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "trainer";
    public const string RoleAttribute = "trainer.role";

    /// <summary>The providers, or null when no endpoint is configured (then tracing stays free).</summary>
    /// <param name="role">What this process is (its subcommand), for the resource's trainer.role.</param>
    public static IDisposable? StartFromEnvironment(string? role = null)
    {
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        if (string.IsNullOrWhiteSpace(endpoint)) return null;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            throw new ArgumentException($"{EndpointVariable}={endpoint} is not an absolute URI such as http://127.0.0.1:4318");
        return Start(string.IsNullOrWhiteSpace(role) ? ServiceName : role);
    }

    private static void Describe(ResourceBuilder r, string role) =>
        r.AddService(ServiceName, serviceInstanceId: NodeIdentity.Id, autoGenerateServiceInstanceId: false)
            .AddAttributes([new("host.name", Environment.MachineName), new(RoleAttribute, role)]);

    private static Providers Start(string role)
    {
        var tracer = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => Describe(r, role))
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
            .ConfigureResource(r => Describe(r, role))
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

using System.Text.Json;
using Trainer.Coordinator;
using Trainer.Coordinator.Telemetry;
using Trainer.Telemetry.Tests.Figures;

namespace Trainer.Telemetry.Tests;

/// <summary>
/// A real `trainer train --epochs 1 --out DIR` through Program.Main with an OTLP endpoint set:
/// the run writes trace.json and the per-device timings in summary.json, and its spans and
/// phase histogram arrive at the receiver when the command exits.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public class TrainRunTelemetryTests
{
    [Fact]
    public void Main_TrainWithOtlpEndpoint_TraceSummaryAndExportAgree()
    {
        using var receiver = new OtlpReceiver();
        var dir = Directory.CreateTempSubdirectory("trainer-telemetry-").FullName;
        try
        {
            int exit;
            using (new EnvironmentScope(("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")))
                exit = Program.Main(new[] { "train", "--devices", "cpu", "--epochs", "1", "--batch-size", "1024", "--threads", "1", "--out", dir });
            Assert.Equal(0, exit);
            const int steps = 59; // 60000 / 1024, last partial batch kept

            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            var device = Assert.Single(summary.RootElement.GetProperty("devices").EnumerateArray());
            Assert.Equal("cpu", device.GetProperty("device").GetString());
            var phases = device.GetProperty("phases");
            foreach (var phase in new[] { "forward", "backward", "optimizer_step" })
            {
                var p = phases.GetProperty(phase);
                Assert.Equal(steps, p.GetProperty("count").GetInt32());
                Assert.True(p.GetProperty("p50_ms").GetDouble() > 0);
                Assert.True(p.GetProperty("p95_ms").GetDouble() >= p.GetProperty("p50_ms").GetDouble());
            }
            Assert.InRange(device.GetProperty("idle_share").GetDouble(), 0, 1);

            using var trace = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "trace.json")));
            var events = trace.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
            Assert.Contains(events, e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("args").GetProperty("name").GetString() == "cpu");
            Assert.Equal(steps, events.Count(e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("name").GetString() == "forward"));

            var spans = OtlpDecoded.Spans(receiver).Where(s => s.Attributes["trainer.device"].StringValue == "cpu").ToList();
            Assert.Equal(steps, spans.Count(s => s.Name == "backward"));
            Assert.Equal(Enumerable.Range(1, steps).Select(i => (long)i),
                spans.Where(s => s.Name == "forward").Select(s => s.Attributes["trainer.step"].IntValue).Order());
            var points = OtlpDecoded.HistogramPoints(receiver, "trainer.phase.duration")
                .Where(p => p.Attributes["trainer.device"].StringValue == "cpu" && p.Attributes["trainer.phase"].StringValue == "optimizer_step").ToList();
            Assert.Equal((ulong)steps, points.Max(p => p.Point.Count)); // cumulative: the last export holds every step
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Main_TrainTwoDevicesParameterServer_EveryPhaseOnItsTrack()
    {
        using var receiver = new OtlpReceiver();
        var dir = Directory.CreateTempSubdirectory("trainer-telemetry-dp-").FullName;
        try
        {
            int exit;
            using (new EnvironmentScope(("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")))
                exit = Program.Main(new[] { "train", "--devices", "cpu:0,cpu:1", "--mode", "ps", "--epochs", "1", "--batch-size", "2048", "--out", dir });
            Assert.Equal(0, exit);
            const int steps = 30; // 60000 / 2048, last partial batch kept

            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            var devices = summary.RootElement.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("device").GetString()!);
            Assert.Equal(new[] { "cpu:0", "cpu:1", "coordinator" }, devices.Keys);
            foreach (var name in new[] { "cpu:0", "cpu:1" })
            {
                var phases = devices[name].GetProperty("phases");
                // CPU replicas sum their lanes into the shared master and step it themselves; the
                // broadcast is the wait for every lane (plus the initial one from the coordinator).
                foreach (var phase in new[] { "copy_to_device", "forward", "backward", "gradient_collect", "aggregate", "optimizer_step" })
                    Assert.Equal(steps, phases.GetProperty(phase).GetProperty("count").GetInt32());
                Assert.Equal(steps + 1, phases.GetProperty("broadcast").GetProperty("count").GetInt32());
                Assert.InRange(devices[name].GetProperty("idle_share").GetDouble(), 0, 1);
            }
            var coordinator = devices["coordinator"].GetProperty("phases");
            Assert.Equal(steps, coordinator.GetProperty("shard").GetProperty("count").GetInt32());
            Assert.False(coordinator.TryGetProperty("optimizer_step", out _));

            using var trace = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "trace.json")));
            var tracks = trace.RootElement.GetProperty("traceEvents").EnumerateArray()
                .Where(e => e.GetProperty("name").GetString() == "thread_name").Select(e => e.GetProperty("args").GetProperty("name").GetString()).ToList();
            Assert.Equal(new[] { "coordinator", "cpu:0", "cpu:1" }, tracks);
            // The bench's step timeline from this real trace: three steps, a row per track.
            var timeline = Path.Combine(dir, "timeline.png");
            var (first, last) = StepTimeline.Write(Path.Combine(dir, "trace.json"), timeline);
            Assert.Equal(2, last - first);
            Assert.InRange(first, 1, steps - 2);
            Assert.Equal((1100, 150 + 3 * 60), ImageFiles.AssertPng(timeline));

            var spans = OtlpDecoded.Spans(receiver);
            foreach (var name in new[] { "cpu:0", "cpu:1" })
                Assert.Equal(steps, spans.Count(s => s.Name == "forward" && s.Attributes["trainer.device"].StringValue == name));
            foreach (var name in new[] { "cpu:0", "cpu:1" })
                Assert.Equal(steps, spans.Count(s => s.Name == "optimizer_step" && s.Attributes["trainer.device"].StringValue == name));
            Assert.Contains(OtlpDecoded.HistogramPoints(receiver, "trainer.phase.duration"),
                p => p.Attributes["trainer.device"].StringValue == "cpu:1" && p.Attributes["trainer.phase"].StringValue == "gradient_collect" && p.Point.Count == steps);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

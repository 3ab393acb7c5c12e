using System.Text.Json;
using Trainer.Cluster.Tests.Support;
using Trainer.Shared.StateDict;
using Trainer.Telemetry.Tests;

namespace Trainer.Cluster.Tests;

/// <summary>
/// A coordinator and two one-device worker processes on loopback, every one exporting to a
/// local OTLP receiver: trace.json has each worker's device as a track whose spans, put on the
/// coordinator's clock, nest inside the coordinator's step spans (to within the clock bound
/// summary.json states); summary.json has each remote device's network phases and bytes per
/// step equal to a gradient plus a weights version; the receiver has resources of both roles;
/// the workers log their join and leave; the coordinator's epoch line counts the workers.
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class ClusterTelemetryTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-cluster-telemetry-").FullName;
    // 512 training images in batches of 64: 8 steps, each sharded over the two devices.
    private static readonly string[] Training = ["--epochs", "1", "--batch-size", "64", "--hidden", "32", "--seed", "3", "--lr", "0.05"];
    private const int Steps = 8;

    [Fact]
    public void Coordinator_TwoWorkersWithOtlp_TraceSummaryExportAndLogsCoverEveryProcess()
    {
        var data = SmallFashionMnist.Write(Path.Combine(dir, "data"), train: 512, test: 128);
        var outDir = Path.Combine(dir, "out");
        using var receiver = new OtlpReceiver();
        var otlp = new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint, ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf" };
        var port = FreePorts.Pair();
        using var coordinator = TrainerProcess.Start("coordinator", otlp, ["coordinator", "--listen", $"127.0.0.1:{port}", "--insecure", "--min-workers", "2",
            "--worker-timeout", "60", "--data", data, "--out", outDir, .. Training]);
        Assert.True(coordinator.WaitForLine("waiting for", Patience), coordinator.Log);
        using var first = TrainerProcess.Start("worker1", otlp, ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, .. JobArgs.Of(Training)]);
        using var second = TrainerProcess.Start("worker2", otlp, ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, .. JobArgs.Of(Training)]);
        var done = coordinator.WaitForExit(Patience);
        var workersDone = first.WaitForExit(TimeSpan.FromSeconds(30)) & second.WaitForExit(TimeSpan.FromSeconds(30));
        var log = coordinator.Log + first.Log + second.Log;
        Assert.True(done && workersDone, log);
        Assert.True(coordinator.ExitCode == 0 && first.ExitCode == 0 && second.ExitCode == 0, log);

        // Point 9: the workers log their join and leave; the epoch line has the live worker count.
        foreach (var worker in new[] { first, second })
        {
            Assert.Contains("joined the cluster as akka.tcp://", worker.Log);
            Assert.Contains("joined as ", worker.Log);
            Assert.Matches(@"worker \S+ left \(exit 0\)", worker.Log);
        }
        Assert.Matches(@"epoch 1/1 .* 2 workers", coordinator.Log);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var devices = summary.RootElement.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("device").GetString()!);
        var remote = devices.Keys.Where(k => k.EndsWith("/cpu:0", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, remote.Count);
        Assert.Equal(2, remote.Select(Worker).Distinct().Count());
        var values = ModelValues(Path.Combine(outDir, "model.pt"));
        foreach (var name in remote)
        {
            var device = devices[name];
            var phases = device.GetProperty("phases");
            foreach (var phase in new[] { "gradient_upload", "weights_download", "copy_to_device", "forward", "backward" })
                Assert.Equal(Steps, phases.GetProperty(phase).GetProperty("count").GetInt32());
            Assert.True(phases.GetProperty("gradient_upload").GetProperty("p50_ms").GetDouble() > 0);
            var network = device.GetProperty("network");
            Assert.Equal(Steps, network.GetProperty("steps").GetInt64());
            Assert.Equal(4.0 * values, network.GetProperty("gradient_bytes_per_step").GetDouble());
            Assert.Equal(4.0 * values, network.GetProperty("weights_bytes_per_step").GetDouble());
            Assert.Equal(8.0 * values, network.GetProperty("bytes_per_step").GetDouble());
            var bound = device.GetProperty("clock").GetProperty("error_bound_ms").GetDouble();
            Assert.InRange(bound, 0, 50); // half the shortest Akka round trip on loopback
        }
        Assert.Equal(Steps, devices["coordinator"].GetProperty("phases").GetProperty("step").GetProperty("count").GetInt32());

        // trace.json: a track per remote device; each of its spans of step s (but idle, which is
        // the wait between steps) lies within the coordinator's step s, give or take the bound.
        using var trace = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "trace.json")));
        var events = trace.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var tids = events.Where(e => e.GetProperty("name").GetString() == "thread_name")
            .ToDictionary(e => e.GetProperty("args").GetProperty("name").GetString()!, e => e.GetProperty("tid").GetInt32());
        var spans = events.Where(e => e.GetProperty("ph").GetString() == "X")
            .Select(e => (Tid: e.GetProperty("tid").GetInt32(), Name: e.GetProperty("name").GetString()!, Step: e.GetProperty("args").GetProperty("step").GetInt64(),
                Start: e.GetProperty("ts").GetDouble(), End: e.GetProperty("ts").GetDouble() + e.GetProperty("dur").GetDouble()))
            .ToList();
        var stepSpans = spans.Where(s => s.Tid == tids["coordinator"] && s.Name == "step").ToDictionary(s => s.Step);
        Assert.Equal(Enumerable.Range(1, Steps).Select(i => (long)i), stepSpans.Keys.Order());
        foreach (var name in remote)
        {
            var boundUs = devices[name].GetProperty("clock").GetProperty("error_bound_ms").GetDouble() * 1000 + 0.01; // + trace.json's rounding
            var own = spans.Where(s => s.Tid == tids[name] && s.Name != "idle").ToList();
            Assert.Equal(Steps, own.Count(s => s.Name == "gradient_upload"));
            Assert.All(own, s =>
            {
                // A device's broadcast (loading the weights) is stamped with their version: step s computes on version s - 1.
                var step = stepSpans[s.Name == "broadcast" ? s.Step + 1 : s.Step];
                Assert.True(s.Start >= step.Start - boundUs && s.End <= step.End + boundUs,
                    $"{name} {s.Name} of step {s.Step} at [{s.Start}, {s.End}] us is outside the coordinator's step [{step.Start}, {step.End}] ± {boundUs} us");
            });
        }

        // OTLP: every process exported, each naming its role and itself (a worker as its tracks do).
        var resources = OtlpDecoded.TraceResources(receiver).Select(r => OtlpDecoded.Attributes(r.Attributes))
            .Select(a => (Role: a["trainer.role"].StringValue, Instance: a["service.instance.id"].StringValue, Host: a["host.name"].StringValue)).Distinct().ToList();
        Assert.Single(resources, r => r.Role == "coordinator");
        Assert.Equal(remote.Select(Worker).Order(), resources.Where(r => r.Role == "worker").Select(r => r.Instance).Order());
        Assert.All(resources, r => Assert.Equal(Environment.MachineName, r.Host));
    }

    /// <summary>The worker id a remote device's name starts with ("HOST-PID/cpu:0").</summary>
    private static string Worker(string device) => device[..device.IndexOf('/')];

    private static long ModelValues(string modelPt)
    {
        var state = PyTorchStateDict.Read(modelPt);
        var values = state.Values.Sum(t => t.numel());
        foreach (var t in state.Values) t.Dispose();
        return values;
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

using System.Net;
using System.Net.Security;
using System.Text;
using Grpc.Core;
using Trainer.Cluster.Tests.Support;
using Trainer.Coordinator.Cli;
using Trainer.Shared.Security;

namespace Trainer.Cluster.Tests;

/// <summary>
/// What no one without the cluster credential, and no one sending malformed tensors, may do to a
/// run. Each test disturbs a real coordinator and worker while they train (or, for the stranger,
/// while the coordinator waits), then checks the coordinator trained on: every step applied, and
/// the model of an undisturbed run (to 1e-5), so nothing from the bad input was applied.
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class SecurityTests(UndisturbedRun undisturbed) : IClassFixture<UndisturbedRun>, IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-security-").FullName;

    [Fact]
    public void Worker_AnotherCredential_RefusedWithAClearLineAndExitsNonZero()
    {
        using var cluster = new TrainingCluster(dir, undisturbed.Data, tls: true);
        cluster.StartCoordinator(minWorkers: 1);
        // A second `trainer cert`: a credential of its own, not the cluster's.
        Assert.Equal(0, CertCommand.Run(Path.Combine(dir, "other"), TextWriter.Null));
        var other = Path.Combine(dir, "other", ClusterCredential.FileName);

        var stranger = cluster.StartWorker("stranger", ["--credentials", other]);
        Assert.True(stranger.WaitForExit(TimeSpan.FromSeconds(45)), cluster.Log);
        Assert.Equal(1, stranger.ExitCode);
        Assert.Contains("hold different credentials", stranger.Log);
        Assert.True(cluster.Coordinator.WaitForLine("refused a TLS connection on the cluster port", TimeSpan.FromSeconds(10)), cluster.Log);
        Assert.Contains("is not the cluster credential", cluster.Coordinator.Log);
        Assert.DoesNotContain("joined with", cluster.Coordinator.Log);

        cluster.StartWorker("worker");
        cluster.Finish();
        AssertUndisturbed(cluster);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Coordinator_TcpGarbageOnBothPorts_TrainsOnUndisturbed(bool tls)
    {
        using var cluster = Training(tls, out _);
        foreach (var (port, seed) in new[] { (cluster.Port, 1), (cluster.TensorPort, 2) })
        {
            // Random bytes, then an Akka-style frame header announcing 2 GB.
            var small = RawTcp.Send(port, RawTcp.Garbage(512, seed), TimeSpan.FromSeconds(10));
            var big = RawTcp.Send(port, [0x7f, 0xff, 0xff, 0xff, .. RawTcp.Garbage(64 * 1024, seed + 10)], TimeSpan.FromSeconds(10));
            if (tls || port == cluster.TensorPort)
            {
                Assert.True(small.Closed && big.Closed, $"port {port} kept a garbage connection open\n{cluster.Log}");
            }
        }
        AssertStillTraining(cluster);
        cluster.Finish();
        AssertUndisturbed(cluster);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Coordinator_Http11OnTheTensorPort_RefusedAndTrainsOnUndisturbed(bool tls)
    {
        using var cluster = Training(tls, out _);
        var request = Encoding.ASCII.GetBytes($"POST /trainer.tensors.TensorService/UploadGradients HTTP/1.1\r\nHost: 127.0.0.1:{cluster.TensorPort}\r\n"
            + "Content-Type: application/grpc\r\nContent-Length: 5\r\n\r\n\0\0\0\0\0");
        var reply = RawTcp.Send(cluster.TensorPort, request, TimeSpan.FromSeconds(10));
        Assert.True(reply.Closed, cluster.Log);
        Assert.DoesNotContain("200 OK", reply.Text);
        if (tls)
        {
            // HTTP/1.1 inside TLS with the cluster credential: the door is HTTP/2 only.
            using var credential = ClusterCredential.Load(cluster.CredentialPath!);
            using var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    ClientCertificates = [credential.Certificate],
                    RemoteCertificateValidationCallback = (_, c, _, _) => credential.IsClusterCertificate(c),
                },
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
            using var message = new HttpRequestMessage(HttpMethod.Post, $"https://127.0.0.1:{cluster.TensorPort}/trainer.tensors.TensorService/UploadGradients")
            {
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(new byte[5]),
            };
            var e = Record.Exception(() => http.Send(message));
            Assert.True(e is HttpRequestException, $"HTTP/1.1 over TLS got {e?.GetType().Name ?? "a response"}");
        }
        AssertStillTraining(cluster);
        cluster.Finish();
        AssertUndisturbed(cluster);
    }

    [Fact]
    public void UploadGradients_OversizedMessage_ResourceExhaustedAndTrainsOnUndisturbed()
    {
        using var cluster = Training(tls: true, out var device);
        using var probe = new TensorProbe(cluster.TensorPort, cluster.CredentialPath);
        var (step, version) = probe.Awaited(device.WorkerId, device.DeviceId);
        // One message of 70,000 values (280 KB) against the 256 KiB limit: small enough to be
        // written whole (HTTP/2 flow control lets it through before the server answers), so the
        // answer is the server's status, not a stream the server reset mid-write.
        var refusal = probe.Refusal(TensorProbe.Chunk(device.WorkerId, device.DeviceId, step, version, 32, 70_000, 0, 70_000));
        Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
        AssertStillTraining(cluster);
        cluster.Finish();
        AssertUndisturbed(cluster);
    }

    [Fact]
    public void UploadGradients_TruncatedOrCutStream_RefusedAndTrainsOnUndisturbed()
    {
        using var cluster = Training(tls: true, out var device);
        using var probe = new TensorProbe(cluster.TensorPort, cluster.CredentialPath);
        var values = device.ModelValues;
        var refusal = Retry(probe, device, (step, version) =>
            probe.Refusal(TensorProbe.Chunk(device.WorkerId, device.DeviceId, step, version, 32, values, 0, 100)));
        Assert.Contains("truncated", refusal.Status.Detail);
        var gap = Retry(probe, device, (step, version) => probe.Refusal(
            TensorProbe.Chunk(device.WorkerId, device.DeviceId, step, version, 32, values, 0, 100),
            TensorProbe.Chunk(device.WorkerId, device.DeviceId, step, version, 32, values, 200, 100)));
        Assert.Contains("where value 100 was due", gap.Status.Detail);
        var (s, v) = probe.Awaited(device.WorkerId, device.DeviceId);
        Assert.NotEqual(StatusCode.OK, probe.CancelAfter(TensorProbe.Chunk(device.WorkerId, device.DeviceId, s, v, 32, values, 0, 100)));
        Assert.Contains("(truncated)", cluster.Coordinator.Log);
        AssertStillTraining(cluster);
        cluster.Finish();
        AssertUndisturbed(cluster);
    }

    [Fact]
    public void UploadGradients_WrongShapeCountOrStep_RefusedAndTrainsOnUndisturbed()
    {
        using var cluster = Training(tls: true, out var device);
        using var probe = new TensorProbe(cluster.TensorPort, cluster.CredentialPath);
        var values = device.ModelValues;
        var w = device.WorkerId;
        var d = device.DeviceId;

        var longer = Retry(probe, device, (step, version) => probe.Refusal(TensorProbe.Chunk(w, d, step, version, 32, values + 1, 0, 100)));
        Assert.Contains($"a gradient of {values + 1} values for a model of {values}", longer.Status.Detail);
        var fewer = Retry(probe, device, (step, version) => probe.Refusal(TensorProbe.Chunk(w, d, step, version, 31, values, 0, 100)));
        Assert.Contains("a gradient of 31 samples", fewer.Status.Detail);
        var none = Retry(probe, device, (step, version) => probe.Refusal(TensorProbe.Chunk(w, d, step, version, 0, 0, 0, 0)));
        Assert.Contains("a gradient of 0 samples", none.Status.Detail);

        var (s, v) = probe.Awaited(w, d, minStep: 3);
        var ahead = probe.Refusal(TensorProbe.Chunk(w, d, s + 1000, v, 32, values, 0, 100));
        Assert.Equal(StatusCode.FailedPrecondition, ahead.StatusCode);
        Assert.Contains($"no gradient of step {s + 1000}", ahead.Status.Detail);
        var behind = probe.Refusal(TensorProbe.Chunk(w, d, s - 1, v - 1, 32, values, 0, 100));
        Assert.Equal(StatusCode.FailedPrecondition, behind.StatusCode);
        var stranger = probe.Refusal(TensorProbe.Chunk("not-a-worker", d, s, v, 32, values, 0, 100));
        Assert.Contains("not a live member", stranger.Status.Detail);

        AssertStillTraining(cluster);
        cluster.Finish();
        AssertUndisturbed(cluster);
    }

    /// <summary>A TLS or insecure coordinator training with one paced worker; <paramref name="device"/>: the worker's ids.</summary>
    private TrainingCluster Training(bool tls, out TrainingCluster.JoinedDevice device)
    {
        var cluster = new TrainingCluster(dir, undisturbed.Data, tls);
        try
        {
            cluster.StartCoordinator(minWorkers: 1);
            device = TrainingCluster.Joined(cluster.StartWorker("worker"));
            cluster.WaitUntilTraining();
            return cluster;
        }
        catch
        {
            cluster.Dispose(); // the caller's using never got it
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="upload"/> stamped with the step and version awaited now and returns
    /// its refusal as malformed (InvalidArgument). The step may end between the two calls, which
    /// makes the upload merely stale: then it is tried again, on the next step (bounded).
    /// </summary>
    private static RpcException Retry(TensorProbe probe, TrainingCluster.JoinedDevice device, Func<long, long, RpcException> upload)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var (step, version) = probe.Awaited(device.WorkerId, device.DeviceId);
            var refusal = upload(step, version);
            if (refusal.StatusCode == StatusCode.FailedPrecondition) continue;
            Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
            return refusal;
        }
        throw new TimeoutException("10 steps ended between reading the awaited step and refusing an upload for it");
    }

    private static void AssertStillTraining(TrainingCluster cluster) =>
        Assert.False(cluster.Coordinator.HasExited, $"the coordinator ended before the probes were over\n{cluster.Log}");

    private void AssertUndisturbed(TrainingCluster cluster)
    {
        Assert.Equal(TrainingCluster.Steps, cluster.StepsApplied());
        cluster.AssertModelEquals(undisturbed.ModelPath, 1e-5f);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

using System.Diagnostics;
using System.Net;
using Trainer.Coordinator.Cluster;
using Trainer.Shared.Messages;
using Trainer.Shared.Wire;
using Trainer.Worker.Node;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// `trainer bench transfer`: the tensor service alone on loopback, no training. One worker's
/// client downloads the weights and uploads a gradient of a model of <c>values</c> float32s
/// through the real service (the coordinator's <see cref="TensorServer"/>, <see cref="GradientInbox"/>
/// checks and all), cleartext h2c as --insecure runs. It isolates what a cluster step pays per
/// transfer from the compute and the control messages around it.
/// </summary>
internal static class TransferBench
{
    public sealed record Figures(long Values, int Calls, double DownloadMs, double UploadMs)
    {
        private double Mb => Values * sizeof(float) / 1e6;
        public override string ToString() =>
            $"{Values:N0} values ({Mb:0.00} MB): download {DownloadMs:0.000} ms ({Mb / DownloadMs * 1000:0} MB/s), upload {UploadMs:0.000} ms ({Mb / UploadMs * 1000:0} MB/s), median of {Calls} calls";
    }

    public static Figures Run(long values, int calls)
    {
        var port = LoopbackPorts.FreePair() + 1;
        var directory = new WorkerDirectory(null);
        var (member, refusal) = directory.Join(new JoinRequest { WorkerId = "bench", Devices = { "cpu:0" } }, ActorRefs.Nobody);
        if (member is null) throw new InvalidOperationException(refusal);
        var device = member.DeviceIds[0];
        var inbox = new GradientInbox(directory, values);
        var weights = new WeightsStore();
        var published = new float[values];
        for (var i = 0; i < published.Length; i++) published[i] = i * 0.5f;
        weights.Publish(1, published);
        var service = new TensorServiceImpl(inbox, weights, directory, _ => { }, new TransferLedger());
        var server = TensorServer.StartAsync(IPAddress.Loopback, port, null, service, _ => { }).GetAwaiter().GetResult();
        try
        {
            using var client = new TensorClient("127.0.0.1", port, null, member.WorkerId);
            var gradient = new GradientsComputed(0, device, 1, 0, 0, new float[values]);
            var into = new float[values];
            var downloads = new List<double>();
            var uploads = new List<double>();
            for (var i = -3; i < calls; i++) // three untimed calls warm the connection and the JIT
            {
                var clock = Stopwatch.StartNew();
                client.DownloadAsync(1, device, into, CancellationToken.None).GetAwaiter().GetResult();
                var down = clock.Elapsed.TotalMilliseconds;
                // A transport that lost or moved values must not leave pretty figures behind.
                if (i == -3 && !into.AsSpan().SequenceEqual(published)) throw new InvalidOperationException("the weights downloaded differ from those served");
                inbox.Expect(device, i + 10, 1, 1, ActorRefs.Nobody);
                clock.Restart();
                client.UploadAsync(device, i + 10, 1, gradient, null, CancellationToken.None).GetAwaiter().GetResult();
                var up = clock.Elapsed.TotalMilliseconds;
                if (i < 0) continue;
                downloads.Add(down);
                uploads.Add(up);
            }
            return new Figures(values, calls, Median(downloads), Median(uploads));
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static double Median(List<double> xs)
    {
        xs.Sort();
        return xs[xs.Count / 2];
    }
}

using System.Net.Security;
using Grpc.Core;
using Grpc.Net.Client;
using Trainer.Shared.Messages;
using Trainer.Shared.Security;
using Trainer.Shared.Wire;

namespace Trainer.Worker.Node;

/// <summary>
/// A worker's side of the tensor service: one HTTP/2 channel to the coordinator, over mutual TLS
/// when there is a credential (this node presents the cluster certificate and accepts only a
/// server presenting the same one), cleartext h2c otherwise. Every call has a deadline.
/// </summary>
public sealed class TensorClient : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly GrpcChannel channel;
    private readonly TensorService.TensorServiceClient client;
    private readonly string workerId;

    public TensorClient(string host, int port, ClusterCredential? credential, string workerId)
    {
        this.workerId = workerId;
        channel = OpenChannel(host, port, credential);
        client = new TensorService.TensorServiceClient(channel);
    }

    /// <summary>
    /// The channel to a tensor service: mutual TLS presenting <paramref name="credential"/> and
    /// accepting only a server presenting the same certificate, or h2c without one. Public for
    /// the tests that probe the service with raw chunks; <paramref name="maxSendBytes"/> null lets
    /// such a test send past the limit, to see the server refuse it.
    /// </summary>
    public static GrpcChannel OpenChannel(string host, int port, ClusterCredential? credential, int? maxSendBytes = WireLimits.MaxMessageBytes)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingDelay = TimeSpan.FromSeconds(10),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            // A download's window (the default is 64 KB, grown only as the handler measures the
            // round trip): the whole of a large model's weights may be in flight at once.
            InitialHttp2StreamWindowSize = WireLimits.FlowControlWindowBytes,
        };
        if (credential is not null)
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [credential.Certificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => credential.IsClusterCertificate(certificate),
            };
        return GrpcChannel.ForAddress($"{(credential is null ? "http" : "https")}://{host}:{port}", new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = WireLimits.MaxMessageBytes,
            MaxSendMessageSize = maxSendBytes,
        });
    }

    /// <summary>
    /// The master's weights of <paramref name="version"/> into <paramref name="into"/> (the model's
    /// length), checked chunk by chunk (order, length, version). Returns <paramref name="into"/>.
    /// </summary>
    public async Task<float[]> DownloadAsync(long version, int deviceId, float[] into, CancellationToken cancel)
    {
        using var call = client.DownloadWeights(new WeightsRequest { WorkerId = workerId, Version = version, DeviceId = deviceId }, deadline: DateTime.UtcNow + Deadline, cancellationToken: cancel);
        var assembler = new FloatChunks.Assembler(into);
        var any = false;
        while (await call.ResponseStream.MoveNext(cancel))
        {
            var chunk = call.ResponseStream.Current;
            if (chunk.Version != version) throw new WireException($"weights of version {chunk.Version} came for version {version}");
            if (chunk.TotalValues != into.Length) throw new WireException($"weights of {chunk.TotalValues} values came for a model of {into.Length}");
            assembler.Add(chunk.Offset, chunk.Data);
            any = true;
        }
        if (!any) throw new WireException($"the weights of version {version} came without a chunk");
        return assembler.Complete();
    }

    /// <summary>
    /// Uploads one shard's gradient stamped with its step, weights version, device and this
    /// worker's id. <paramref name="sent"/> runs once the last chunk is written, before the end
    /// of the stream is sent and the coordinator's acknowledgement awaited.
    /// </summary>
    public async Task UploadAsync(int deviceId, long step, long version, GradientsComputed g, Action? sent, CancellationToken cancel)
    {
        using var call = client.UploadGradients(deadline: DateTime.UtcNow + Deadline, cancellationToken: cancel);
        foreach (var (offset, data) in FloatChunks.Split(g.Gradients))
            await call.RequestStream.WriteAsync(new GradientChunk
            {
                WorkerId = workerId, DeviceId = deviceId, Step = step, WeightsVersion = version, TotalValues = g.Gradients.Length,
                Offset = offset, Data = data, Count = g.Count, LossSum = g.LossSum, Correct = g.Correct, ComputeSeconds = g.ComputeSeconds,
            }, cancel);
        // Before the end of the stream goes out: the coordinator cannot have the gradient yet, so
        // the upload's span ends before anything the coordinator does with it.
        sent?.Invoke();
        await call.RequestStream.CompleteAsync();
        await call.ResponseAsync;
    }

    public void Dispose() => channel.Dispose();
}

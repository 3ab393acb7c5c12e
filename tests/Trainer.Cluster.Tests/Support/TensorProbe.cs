using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Trainer.Shared.Security;
using Trainer.Shared.Wire;
using Trainer.Worker.Node;

namespace Trainer.Cluster.Tests.Support;

/// <summary>
/// A gRPC client of a running coordinator's tensor service, holding the cluster credential as a
/// worker does, that sends the uploads no worker would: wrong stamps, wrong sizes, cut streams.
/// Sending is unlimited on this side, so that the server's own limit is what refuses.
/// </summary>
internal sealed partial class TensorProbe : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly ClusterCredential? credential;
    private readonly GrpcChannel channel;
    private readonly TensorService.TensorServiceClient client;

    public TensorProbe(int port, string? credentialPath)
    {
        credential = credentialPath is null ? null : ClusterCredential.Load(credentialPath);
        channel = TensorClient.OpenChannel("127.0.0.1", port, credential, maxSendBytes: null);
        client = new TensorService.TensorServiceClient(channel);
    }

    /// <summary>A chunk stamped for <paramref name="worker"/>'s device at <paramref name="step"/> on <paramref name="version"/>, of <paramref name="values"/> zeros.</summary>
    public static GradientChunk Chunk(string worker, int device, long step, long version, int count, long totalValues, long offset, int values) => new()
    {
        WorkerId = worker, DeviceId = device, Step = step, WeightsVersion = version, Count = count,
        TotalValues = totalValues, Offset = offset, Data = ByteString.CopyFrom(MemoryMarshal.AsBytes(new float[values].AsSpan())),
    };

    /// <summary>Sends <paramref name="chunks"/> as one upload and returns the refusal; fails the test if it is accepted.</summary>
    public RpcException Refusal(params GradientChunk[] chunks)
    {
        using var call = client.UploadGradients(deadline: DateTime.UtcNow + Deadline);
        try
        {
            foreach (var c in chunks) call.RequestStream.WriteAsync(c).GetAwaiter().GetResult();
            call.RequestStream.CompleteAsync().GetAwaiter().GetResult();
        }
        catch (RpcException) { } // the server ended the call while this side still wrote: its status is the answer
        try
        {
            var ack = call.ResponseAsync.GetAwaiter().GetResult();
            Assert.Fail($"the coordinator accepted a forged upload (ack of step {ack.Step})");
            throw new InvalidOperationException("unreachable");
        }
        catch (RpcException e) { return e; }
    }

    /// <summary>Writes <paramref name="first"/> and then cancels the call mid-stream (the client side of a cut connection).</summary>
    public StatusCode CancelAfter(GradientChunk first)
    {
        using var cancel = new CancellationTokenSource();
        using var call = client.UploadGradients(deadline: DateTime.UtcNow + Deadline, cancellationToken: cancel.Token);
        call.RequestStream.WriteAsync(first).GetAwaiter().GetResult();
        Thread.Sleep(200); // let the server read the first chunk and wait for the next
        cancel.Cancel();
        try
        {
            var ack = call.ResponseAsync.GetAwaiter().GetResult();
            Assert.Fail($"a cancelled upload was acknowledged (step {ack.Step})");
            throw new InvalidOperationException("unreachable");
        }
        catch (RpcException e) { return e.StatusCode; }
    }

    /// <summary>
    /// The step and weights version the coordinator awaits from <paramref name="device"/> now, read
    /// from the refusal of an upload for a step that never comes (bounded retries: between two
    /// steps nothing is awaited).
    /// </summary>
    public (long Step, long Version) Awaited(string worker, int device, long minStep = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var refusal = Refusal(Chunk(worker, device, long.MaxValue, 0, 0, 0, 0, 0));
            Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
            var m = AwaitedText().Match(refusal.Status.Detail);
            if (m.Success && long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= minStep) return (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            Thread.Sleep(20);
        }
        throw new TimeoutException($"device {device} of {worker} was awaited for no step from {minStep} on within 20 s");
    }

    [GeneratedRegex(@"\(awaited: step (\d+), version (-?\d+)\)")]
    private static partial Regex AwaitedText();

    public void Dispose()
    {
        channel.Dispose();
        credential?.Dispose();
    }
}

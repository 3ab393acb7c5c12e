using Grpc.Core;
using Trainer.Shared.Wire;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The gRPC tensor service, thin: it reads chunks, lets <see cref="GradientInbox"/> and
/// <see cref="FloatChunks.Assembler"/> check them, and refuses what fails with a status naming
/// the fault (InvalidArgument for a malformed stream, FailedPrecondition for a stale or
/// unexpected step, version or worker). Nothing unchecked reaches an actor. What it moves is
/// counted per device (<see cref="TransferLedger"/>) for summary.json.
/// </summary>
internal sealed class TensorServiceImpl(GradientInbox inbox, WeightsStore weights, WorkerDirectory workers, Action<string> log, TransferLedger ledger) : TensorService.TensorServiceBase
{
    public override async Task<UploadAck> UploadGradients(IAsyncStreamReader<GradientChunk> requestStream, ServerCallContext context)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        GradientChunk? first = null, last = null;
        FloatChunks.Assembler? assembler = null;
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var chunk = requestStream.Current;
                if (first is null)
                {
                    first = chunk;
                    assembler = inbox.Open(chunk);
                }
                else GradientInbox.CheckSameStamps(first, chunk);
                assembler!.Add(chunk.Offset, chunk.Data);
                last = chunk;
            }
            if (first is null || assembler is null) throw new WireException("an upload without a chunk");
            var gradients = assembler.Complete();
            GradientInbox.CheckFigures(last!);
            inbox.Deliver(last!, gradients);
            ledger.GradientTaken(first.DeviceId, first.Step, gradients.Length, clock.Elapsed.TotalSeconds);
            return new UploadAck { Step = first.Step };
        }
        catch (WireException e)
        {
            log($"gradient upload from {context.Peer} refused: {e.Message}");
            throw new RpcException(new Grpc.Core.Status(e.Stale ? StatusCode.FailedPrecondition : StatusCode.InvalidArgument, e.Message));
        }
    }

    public override async Task DownloadWeights(WeightsRequest request, IServerStreamWriter<WeightsChunk> responseStream, ServerCallContext context)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        float[] values;
        try
        {
            var worker = workers.Live(request.WorkerId) ?? throw new WireException($"worker {request.WorkerId} is not a live member of this run", stale: true);
            if (!worker.DeviceIds.Contains(request.DeviceId)) throw new WireException($"device {request.DeviceId} is not one of worker {request.WorkerId}'s", stale: true);
            values = weights.Get(request.Version);
        }
        catch (WireException e)
        {
            log($"weights download by {context.Peer} refused: {e.Message}");
            throw new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, e.Message));
        }
        foreach (var (offset, data) in FloatChunks.Split(values))
            await responseStream.WriteAsync(new WeightsChunk { Version = request.Version, TotalValues = values.Length, Offset = offset, Data = data }, context.CancellationToken);
        ledger.WeightsServed(request.DeviceId, values.Length, clock.Elapsed.TotalSeconds);
    }
}

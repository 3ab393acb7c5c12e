using Akka.Event;
using Grpc.Core;
using Trainer.Shared.Messages;
using Trainer.Shared.Telemetry;
using Trainer.Shared.Wire;

namespace Trainer.Worker.Node;

/// <summary>
/// A worker's link between the coordinator and one local <see cref="DeviceActor"/> (its child).
/// A shard assignment names the weights version it must be computed on: the link downloads that
/// version over gRPC when its device does not hold it yet (later assignments wait, in order),
/// loads it into the device, hands the device the shard, and uploads the gradient stamped with
/// step, version, device and worker. A device failure, or a transfer the coordinator did not
/// refuse as stale, ends this worker's part in the run (the coordinator redoes the work). A
/// transfer refused as stale (FailedPrecondition: this worker was taken out of the run while it
/// was stopped or cut off, or the step was redone elsewhere) drops that assignment only: the
/// coordinator has moved on without it, and the node rejoins as a new member when its member is
/// removed. Each download and upload is a span on the device's track (weights_download,
/// gradient_upload). Downloads alternate between two buffers of the model's length: the device
/// computes on the version it holds (in place: it shares the buffer) while the next one arrives in
/// the other, and no step allocates or zeroes a model-sized array.
/// </summary>
internal sealed class DeviceLinkActor : ReceiveActor
{
    private readonly int deviceId;
    private readonly string track;
    private readonly WorkerTelemetry telemetry;
    private readonly TensorClient client;
    private readonly IActorRef device;
    private readonly Queue<AssignShard> waiting = new();
    private readonly Queue<AssignShard> computing = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly TimeSpan uploadDelay;
    private long loaded = -1;
    private bool downloading;
    // The buffer the device computes on (the last version loaded) and the one the next download fills.
    // A download for a new version starts only once every shard of the loaded one has been
    // computed (the coordinator names a new version only after this device answered the last
    // step), so the device never reads the buffer being filled.
    private float[] computedOn;
    private float[] nextDownload;

    public DeviceLinkActor(int deviceId, DeviceSpec spec, ReplicaSetup replica, TensorClient client, long modelValues, WorkerTelemetry telemetry, TimeSpan uploadDelay)
    {
        this.deviceId = deviceId;
        track = spec.Name;
        this.telemetry = telemetry;
        this.client = client;
        this.uploadDelay = uploadDelay;
        computedOn = new float[modelValues];
        nextDownload = new float[modelValues];
        device = Context.ActorOf(DeviceActor.Create(deviceId, spec, replica), "device");
        Context.Watch(device);
        Receive<AssignShard>(a =>
        {
            waiting.Enqueue(a);
            Pump();
        });
        Receive<WeightsDownloaded>(OnDownloaded);
        Receive<GradientsComputed>(OnComputed);
        Receive<UploadEnded>(OnUploaded);
        Receive<ShardFailed>(f => Fail(f.Reason));
        Receive<Terminated>(_ => Fail("the device stopped"));
    }

    public static Props Create(int deviceId, DeviceSpec spec, ReplicaSetup replica, TensorClient client, long modelValues, WorkerTelemetry telemetry, TimeSpan uploadDelay) =>
        Props.Create(() => new DeviceLinkActor(deviceId, spec, replica, client, modelValues, telemetry, uploadDelay));

    /// <summary>A device whose replica failed is stopped, never restarted: its state is suspect (as in the embedded run).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>Hands the device the assignments whose weights it holds; starts the download the next one needs.</summary>
    private void Pump()
    {
        while (!downloading && waiting.TryPeek(out var next))
        {
            if (next.WeightsVersion != loaded)
            {
                downloading = true;
                var self = Self;
                var version = next.WeightsVersion;
                var step = next.Step;
                var started = telemetry.TransferStarted();
                client.DownloadAsync(version, deviceId, nextDownload, stopping.Token).ContinueWith(t =>
                    {
                        telemetry.TransferEnded(track, Phase.WeightsDownload, step, started);
                        self.Tell(new WeightsDownloaded(version, t.IsCompletedSuccessfully ? t.Result : null, t.Exception?.GetBaseException() ?? (t.IsCanceled ? new OperationCanceledException() : null)));
                    },
                    TaskScheduler.Default);
                return;
            }
            waiting.Dequeue();
            computing.Enqueue(next);
            device.Tell(new ComputeGradients(next.Step, next.SampleIndices.ToArray()));
        }
    }

    private void OnDownloaded(WeightsDownloaded w)
    {
        downloading = false;
        if (w.Error is RpcException { StatusCode: StatusCode.FailedPrecondition } stale)
        {
            // The coordinator no longer serves that version to this worker: the assignments on it
            // are dropped, not computed; later ones (if any) go on.
            Context.GetLogger().Warning("device {0}: weights version {1} were refused as stale: {2}", deviceId, w.Version, stale.Status.Detail);
            while (waiting.TryPeek(out var a) && a.WeightsVersion == w.Version) waiting.Dequeue();
            Pump();
            return;
        }
        if (w.Error is not null)
        {
            // A version no longer served: the coordinator moved on (this worker was taken out of
            // the run, or the step was redone): nothing to compute on.
            Fail($"downloading weights version {w.Version} failed: {w.Error.Message}");
            return;
        }
        device.Tell(new LoadWeights(w.Version, w.Values!));
        (computedOn, nextDownload) = (nextDownload, computedOn);
        loaded = w.Version;
        Pump();
    }

    private void OnComputed(GradientsComputed g)
    {
        // The device answers in order. Its gradient buffer is read by the upload while the device
        // may take another shard of the same step (it then computes into a new buffer); a later
        // step comes only after the coordinator has received this upload whole.
        var a = computing.Dequeue();
        var self = Self;
        // The upload's span ends once its last chunk is written, before the stream's end is sent
        // (so before the coordinator can use it: it nests in the coordinator's step), or when the
        // call fails, whichever comes first.
        var started = telemetry.TransferStarted();
        var ended = 0;
        void Sent()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0) telemetry.TransferEnded(track, Phase.GradientUpload, a.Step, started);
        }
        var token = stopping.Token;
        var upload = uploadDelay > TimeSpan.Zero
            ? Task.Delay(uploadDelay, token).ContinueWith(_ => client.UploadAsync(deviceId, a.Step, a.WeightsVersion, g, Sent, token), token, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap()
            : client.UploadAsync(deviceId, a.Step, a.WeightsVersion, g, Sent, token);
        upload.ContinueWith(t =>
        {
            Sent();
            self.Tell(new UploadEnded(a.Step, t.Exception?.GetBaseException() ?? (t.IsCanceled ? new OperationCanceledException() : null)));
        }, TaskScheduler.Default);
    }

    private void OnUploaded(UploadEnded u)
    {
        if (u.Error is null) return;
        if (u.Error is RpcException { StatusCode: StatusCode.FailedPrecondition } stale)
        {
            Context.GetLogger().Warning("device {0}: the gradient of step {1} was refused as stale: {2}", deviceId, u.Step, stale.Status.Detail);
            return;
        }
        Fail($"uploading the gradient of step {u.Step} failed: {u.Error.Message}");
    }

    private void Fail(string reason) => Context.Parent.Tell(new LinkFailed($"device {deviceId}: {reason}"));

    protected override void PostStop()
    {
        stopping.Cancel();
        stopping.Dispose();
    }
}

using Akka.Event;
using Trainer.Shared.Messages;
using Trainer.Shared.Wire;
using Trainer.Worker;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The coordinator's stand-in for a device on a worker: a child of the coordinator, which talks
/// to it as to a local <see cref="DeviceActor"/>. Weights (LoadWeights) are published to the
/// tensor service, not sent: the worker downloads the version each step names. A shard
/// (ComputeGradients) goes to the worker as an AssignShard of sample indices over Akka; the
/// gradient comes back over gRPC (<see cref="GradientInbox"/>) and is relayed as
/// GradientsComputed. When its worker is lost the stand-in fails its shard and stops, and the
/// coordinator redoes the work on the devices left.
/// </summary>
internal sealed class RemoteDeviceActor : ReceiveActor
{
    private readonly int id;      // the coordinator's device index (its messages)
    private readonly int wireId;  // the id the worker was given at join (control messages, gRPC stamps)
    private readonly DeviceSpec spec;
    private readonly WorkerDirectory.Member worker;
    private readonly int local;
    private readonly WorkerDirectory directory;
    private readonly WeightsStore weights;
    private readonly GradientInbox inbox;
    private long version = -1;
    private readonly Queue<long> outstanding = new();

    public RemoteDeviceActor(int id, int wireId, DeviceSpec spec, WorkerDirectory.Member worker, int local, WorkerDirectory directory, WeightsStore weights, GradientInbox inbox)
    {
        this.id = id;
        this.wireId = wireId;
        this.spec = spec;
        this.worker = worker;
        this.local = local;
        this.directory = directory;
        this.weights = weights;
        this.inbox = inbox;
        Receive<LoadWeights>(w =>
        {
            weights.Publish(w.Version, w.Values);
            version = w.Version;
        });
        Receive<ComputeGradients>(OnCompute);
        Receive<GradientsArrived>(OnArrived);
        Receive<WorkerLost>(l => Lose(l.Reason));
    }

    public static Props Create(int id, int wireId, DeviceSpec spec, WorkerDirectory.Member worker, WorkerDirectory directory, WeightsStore weights, GradientInbox inbox) =>
        Props.Create(() => new RemoteDeviceActor(id, wireId, spec, worker, worker.DeviceIds.ToList().IndexOf(wireId), directory, weights, inbox));

    protected override void PreStart()
    {
        if (!directory.AddStandIn(wireId, Self)) Lose($"worker {worker.WorkerId} was lost before the run started");
    }

    /// <summary>
    /// However the stand-in ends (its worker lost, or the coordinator giving up on a stuck
    /// device), nothing more is awaited from its device: a late upload is refused at the edge as stale.
    /// </summary>
    protected override void PostStop() => inbox.Forget(wireId);

    private void OnCompute(ComputeGradients c)
    {
        if (c.SampleIndices.Length > WireLimits.MaxShardIndices)
        {
            Lose($"a shard of {c.SampleIndices.Length} samples is more than one control message carries ({WireLimits.MaxShardIndices}); use a smaller --batch-size or more devices");
            return;
        }
        outstanding.Enqueue(c.Step);
        inbox.Expect(wireId, c.Step, version, c.SampleIndices.Length, Self);
        var assign = new AssignShard { DeviceId = wireId, Step = c.Step, WeightsVersion = version };
        assign.SampleIndices.AddRange(c.SampleIndices);
        worker.Node.Tell(assign, Self);
    }

    private void OnArrived(GradientsArrived g)
    {
        if (outstanding.Count > 0 && outstanding.Peek() == g.Step) outstanding.Dequeue();
        Context.Parent.Tell(new GradientsComputed(g.Step, id, g.Count, g.LossSum, g.Correct, g.Gradients, g.ComputeSeconds));
    }

    /// <summary>The device is out of the run: its shard under way is failed (so the coordinator redoes it), and the stand-in stops.</summary>
    private void Lose(string reason)
    {
        inbox.Forget(wireId);
        Context.GetLogger().Warning("{0} (device {1} of worker {2}) is out of the run: {3}", spec.Name, local, worker.WorkerId, reason);
        if (outstanding.TryPeek(out var step)) Context.Parent.Tell(new ShardFailed(step, id, $"{spec.Name}: {reason}"));
        Context.Stop(Self);
    }
}

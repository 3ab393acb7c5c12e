using Microsoft.Extensions.Logging;
using Trainer.Coordinator.DataParallel;
using Trainer.Shared.Actors;
using Trainer.Shared.Messages;
using Trainer.Shared.Sharding;
using Trainer.Shared.Telemetry;
using Trainer.Torch;
using Trainer.Worker;

namespace Trainer.Coordinator.Actors;

/// <summary>
/// Runs data-parallel steps over its device actors (its children). Parameter-server mode with
/// a CUDA device: shard the batch, sum the returned gradients weighted by shard size (so the
/// update equals the full-batch one), step the master, broadcast its weights. Parameter-server
/// mode on CPU replicas: shard the batch; the replicas sum into the shared master and step its
/// optimizer lane by lane (<see cref="MasterShards"/>), and compute on its weights in place.
/// All-reduce mode: shard the batch, let the replicas sum and step themselves, check they
/// still agree. The last two run the same rendezvous protocol (TrainStep, attempts).
/// A device that fails is stopped and its work of the current step is redone by the others,
/// so each step is applied exactly once. One step at a time: a step asked for while another
/// runs waits in a queue, so a caller can keep the next step ready and no device waits on the
/// caller between steps.
/// </summary>
public sealed class CoordinatorActor : ActorBase
{
    private const string Track = "coordinator";

    private readonly CoordinatorSetup setup;
    private readonly TraceRecorder trace;
    private readonly ParameterSet master;
    private readonly List<DeviceSlot> devices = new();
    private readonly Queue<(long[] Indices, IActorRef ReplyTo)> waiting = new();
    private readonly DeviceThroughput throughput = new();
    private long stepCounter;
    private PendingStep? pending;

    public CoordinatorActor(CoordinatorSetup setup)
    {
        this.setup = setup;
        trace = setup.Trace;
        // The coordinator's own libtorch work (optimizer step, reading weights) is small; one
        // thread keeps its OpenMP team from spinning on cores the replicas are computing on.
        torch.set_num_threads(1);
        // The master's flat buffers: the coordinator sums into its gradient buffer (when it sums)
        // and broadcasts its value buffer itself (see Broadcast).
        master = setup.Master;

        Receive<RunStep>(OnRunStep);
        Receive<GradientsComputed>(OnGradients);
        Receive<ReplicaStepped>(OnReplicaStepped);
        Receive<StepAborted>(OnStepAborted);
        Receive<ShardFailed>(f => MarkDead(f.Device, f.Reason, stepApplied: f.AfterAllReduce && f.Step == pending?.Step));
        Receive<Terminated>(OnTerminated);
        Receive<CheckReplicas>(OnCheckReplicas);
        Receive<ReplicaWeights>(OnReplicaWeights);
        Receive<SyncMaster>(OnSyncMaster);
        Receive<SyncSourceWeights>(OnSyncSourceWeights);
    }

    public static Props Create(CoordinatorSetup setup) =>
        Props.Create(() => new CoordinatorActor(setup)).WithDedicatedThread();

    /// <summary>
    /// A failed device is stopped, never restarted: its replica may hold half-applied state,
    /// and a fresh one would rejoin without the weights the others have. The coordinator
    /// re-plans its work over the survivors instead (it hears of the failure as ShardFailed
    /// or, for a failure outside a step, as Terminated).
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy => SupervisorStrategy.StoppingStrategy;

    protected override void PreStart()
    {
        for (var i = 0; i < setup.Devices.Count; i++)
        {
            var spec = setup.Devices[i];
            var actor = Context.ActorOf(DeviceActor.Create(i, spec, setup.Replica), spec.Name.Replace(':', '-'));
            Context.Watch(actor);
            devices.Add(new DeviceSlot(i, spec, actor));
        }
        Broadcast(0);
    }

    private IReadOnlyList<DeviceSlot> Live => devices.Where(d => d.Alive).ToList();

    private void OnRunStep(RunStep message)
    {
        if (message.SampleIndices.Length == 0)
        {
            Sender.Tell(new Status.Failure(new ArgumentException("a step needs at least one sample")));
            return;
        }
        if (pending is null) Start(message.SampleIndices, Sender);
        else waiting.Enqueue((message.SampleIndices, Sender));
    }

    private void Start(long[] indices, IActorRef replyTo)
    {
        pending = new PendingStep(++stepCounter, indices, replyTo);
        if (setup.CoordinatorSums)
            Dispatch(indices, everyLiveDevice: true); // the master's gradient is not zeroed: the step's first contribution overwrites it (OnGradients)
        else
            StartAttempt();
    }

    // ---- parameter-server mode, the coordinator summing ----

    /// <summary>
    /// Shards <paramref name="indices"/> over the live devices and asks each for gradients. At a
    /// step's start <paramref name="everyLiveDevice"/> sends an empty shard to a device the
    /// batch is too small to reach, so that every live device answers every step (see Broadcast).
    /// </summary>
    private void Dispatch(long[] indices, bool everyLiveDevice = false)
    {
        var p = pending!;
        var live = Live;
        if (live.Count == 0)
        {
            Fail(new InvalidOperationException($"step {p.Step}: every device has failed ({string.Join("; ", p.Failures)})"));
            return;
        }
        using (trace.Span(Track, Phase.Shard, p.Step))
        {
            var plan = PlanFor(indices.Length, live);
            foreach (var d in live)
            {
                var rows = plan.RowsFor(d.Id, indices);
                if (rows.Length == 0 && !everyLiveDevice) continue;
                p.Expect(d.Id, rows);
                d.Actor.Tell(new ComputeGradients(p.Step, rows), Self);
            }
        }
    }

    /// <summary>Splits <paramref name="rows"/> over <paramref name="live"/>: evenly, or by measured speed (<see cref="ShardBalance"/>).</summary>
    private ShardPlan PlanFor(int rows, IReadOnlyList<DeviceSlot> live)
    {
        var ids = live.Select(d => d.Id).ToList();
        return setup.Balance == ShardBalance.Throughput ? ShardPlan.Weighted(rows, ids, throughput.Weights(ids)) : ShardPlan.Even(rows, ids);
    }

    private void OnGradients(GradientsComputed g)
    {
        var p = pending;
        if (p is null || p.Step != g.Step || !devices[g.Device].Alive) return; // from a device declared dead: its work was redone
        if (!p.Outstanding.TryGetValue(g.Device, out var queue) || queue.Count == 0) return;
        if (g.Count > 0 && g.Gradients.Length != master.Numel)
        {
            // A replica of another layout cannot be summed with: it is out of the run, like a failed one.
            Context.Stop(devices[g.Device].Actor);
            MarkDead(g.Device, $"{devices[g.Device].Spec.Name} sent {g.Gradients.Length} gradient values for a model with {master.Numel}");
            return;
        }
        queue.Dequeue();
        throughput.Record(g.Device, g.Count, g.ComputeSeconds);
        if (g.Count > 0)
            using (trace.Span(Track, Phase.Aggregate, p.Step))
            {
                // Shard mean-loss gradients weighted by n_i / N sum to the full-batch mean-loss gradient.
                // The first of the step overwrites the last step's sum: no zeroing pass before dispatch.
                var weight = (float)g.Count / p.BatchTotal;
                if (!p.AnyGradientsSummed) GradientSum.Scale(master.Gradients, g.Gradients, weight);
                else GradientSum.AddScaled(master.Gradients, g.Gradients, weight);
            }
        p.AddFigures(g.Device, g.Count, g.LossSum, g.Correct);
        if (p.NothingOutstanding) ApplyMasterStep();
    }

    private void ApplyMasterStep()
    {
        var p = pending!;
        using (trace.Span(Track, Phase.OptimizerStep, p.Step))
        {
            master.PushGradients();
            setup.MasterOptimizer!.step();
        }
        Broadcast(p.Step);
        Complete();
    }

    /// <summary>
    /// Sends the master's weights to every live replica; mailbox order puts them before the next
    /// step's work. The message carries the master's own flat value buffer, not a copy: the
    /// master writes it again only in the next step's optimizer step, which runs after every
    /// live device has answered that step (each gets work, or an empty shard). A CPU replica
    /// computes on this very buffer (<see cref="ParameterSet.ShareValues"/>); a CUDA replica
    /// copies it to its device before it touches that work.
    /// </summary>
    private void Broadcast(long version)
    {
        using (trace.Span(Track, Phase.Broadcast, version))
        {
            master.PullValues();
            var message = new LoadWeights(version, master.Values);
            foreach (var d in devices)
                if (d.Alive) d.Actor.Tell(message, Self);
        }
    }

    // ---- rendezvous steps: all-reduce mode, parameter-server mode on CPU replicas ----

    private void StartAttempt()
    {
        var p = pending!;
        var live = Live;
        if (live.Count == 0)
        {
            Fail(new InvalidOperationException($"step {p.Step}: every device has failed ({string.Join("; ", p.Failures)})"));
            return;
        }
        p.ResetAttemptFigures();
        using (trace.Span(Track, Phase.Shard, p.Step))
        {
            // Every live replica takes part, those without a shard with no samples, so all apply the update.
            var plan = PlanFor(p.BatchTotal, live);
            foreach (var d in live)
            {
                p.Awaiting.Add(d.Id);
                d.Actor.Tell(new TrainStep(p.Step, p.Attempt, plan.RowsFor(d.Id, p.Indices), p.BatchTotal, live.Count), Self);
            }
        }
    }

    private void OnReplicaStepped(ReplicaStepped r)
    {
        var p = pending;
        if (p is null || p.Step != r.Step || p.Attempt != r.Attempt || !p.Awaiting.Remove(r.Device)) return;
        p.AddFigures(r.Device, r.Count, r.LossSum, r.Correct);
        p.Stepped++;
        if (r.Checksum is double checksum) p.Checksums.Add(checksum);
        throughput.Record(r.Device, r.Count, r.ComputeSeconds);
        CheckAttemptDone();
    }

    private void OnStepAborted(StepAborted a)
    {
        var p = pending;
        if (p is null || p.Step != a.Step || p.Attempt != a.Attempt || !p.Awaiting.Remove(a.Device)) return;
        if (a.Fatal)
        {
            Fail(new InvalidOperationException(a.Reason));
            return;
        }
        p.Aborted = true;
        CheckAttemptDone();
    }

    private void CheckAttemptDone()
    {
        var p = pending!;
        if (p.Awaiting.Count > 0) return;
        if (!p.Aborted && p.Stepped > 0)
        {
            if (p.Checksums.Distinct().Count() > 1)
            {
                Fail(new InvalidOperationException(
                    $"step {p.Step}: the replicas no longer agree after the all-reduce (parameter checksums {string.Join(", ", p.Checksums.Select(c => c.ToString("R")))})"));
                return;
            }
            Complete();
            return;
        }
        // Nobody applied the step (the all-reduce was aborted): redo it on the survivors from the unchanged weights.
        if (++p.Attempt > devices.Count)
        {
            Fail(new InvalidOperationException($"step {p.Step}: the all-reduce failed {p.Attempt} times ({string.Join("; ", p.Failures)})"));
            return;
        }
        StartAttempt();
    }

    private void OnSyncMaster(SyncMaster _)
    {
        var replyTo = Sender;
        if (setup.Mode != DataParallelMode.AllReduce)
        {
            replyTo.Tell(new Status.Success());
            return;
        }
        var source = Live.FirstOrDefault();
        if (source is null)
        {
            replyTo.Tell(new Status.Failure(new InvalidOperationException("no live replica to read the weights from")));
            return;
        }
        PipeToSelf(source.Actor.Ask<LoadWeights>(GetWeights.Instance, setup.AskTimeout),
            (weights, error) => new SyncSourceWeights(replyTo, weights, error));
    }

    private void OnSyncSourceWeights(SyncSourceWeights m)
    {
        if (m.Error is not null)
        {
            m.ReplyTo.Tell(new Status.Failure(m.Error));
            return;
        }
        master.LoadValues(m.Weights!.Values);
        m.ReplyTo.Tell(new Status.Success());
    }

    /// <summary>
    /// Akka's PipeTo: the coordinator never awaits an Ask inside a handler. While a handler
    /// awaits, the loop handles nothing else — not even a child's failure, which the
    /// coordinator must supervise (Stop) before that child's queued Ask can fail. Awaiting
    /// here would wait out the whole Ask timeout whenever a device fails at start.
    /// </summary>
    private void PipeToSelf<T>(Task<T> task, Func<T?, Exception?, object> toMessage)
    {
        var self = Self;
        task.ContinueWith(t => self.Tell(t.IsCompletedSuccessfully
            ? toMessage(t.Result, null)
            : toMessage(default, t.Exception?.GetBaseException() ?? new TaskCanceledException())), TaskScheduler.Default);
    }

    // ---- failures and completion ----

    /// <summary>
    /// Takes a failed device out of the run. <paramref name="stepApplied"/>: it failed after the
    /// current step's all-reduce, so the survivors apply that step and it must not be redone.
    /// </summary>
    private void MarkDead(int id, string reason, bool stepApplied = false)
    {
        var slot = devices[id];
        if (!slot.Alive) return;
        slot.Alive = false;
        Context.Log.LogError("device {Device} failed and is out of the run: {Reason}", slot.Spec.Name, reason);
        var p = pending;
        if (p is null) return;
        p.Failures.Add(reason);
        if (setup.CoordinatorSums)
        {
            var missing = p.TakeOutstanding(id);
            if (missing.Length > 0) Dispatch(missing);
        }
        else if (p.Awaiting.Remove(id))
        {
            // Died before (or while) contributing: the others' all-reduce is aborted, and the step
            // redone. Died after it: its gradients are in the sum the others apply.
            if (!stepApplied) p.Aborted = true;
            CheckAttemptDone();
        }
    }

    private void OnTerminated(Terminated t)
    {
        var slot = devices.FirstOrDefault(d => d.Actor.Path.Equals(t.ActorRef.Path));
        if (slot is not null) MarkDead(slot.Id, $"{slot.Spec.Name} stopped");
    }

    private void OnCheckReplicas(CheckReplicas _)
    {
        var replyTo = Sender;
        PipeToSelf(Task.WhenAll(devices.Select(d => d.Actor.Ask<LoadWeights>(GetWeights.Instance, setup.AskTimeout))),
            (replies, error) => new ReplicaWeights(replyTo, replies, error));
    }

    private void OnReplicaWeights(ReplicaWeights m)
    {
        try
        {
            if (m.Error is not null) throw m.Error;
            var expected = master.Checksum();
            for (var i = 0; i < m.Replies!.Length; i++)
            {
                var values = m.Replies[i].Values;
                if (values.Length != master.Numel)
                    throw new InvalidOperationException($"{devices[i].Spec.Name} holds {values.Length} parameter values, the master {master.Numel}");
                var differ = values.AsSpan().CommonPrefixLength(master.Values);
                if (differ < values.Length)
                    throw new InvalidOperationException($"{devices[i].Spec.Name} does not hold the master's weights for {master.NameAt(differ)} after the initial broadcast");
            }
            m.ReplyTo.Tell(new Status.Success(expected));
        }
        catch (Exception e)
        {
            m.ReplyTo.Tell(new Status.Failure(new InvalidOperationException($"a device failed to start: {e.Message}", e)));
        }
    }

    private void Complete()
    {
        var p = pending!;
        pending = null;
        var rows = p.RowsByDevice.ToDictionary(kv => devices[kv.Key].Spec.Name, kv => kv.Value);
        p.ReplyTo.Tell(new StepResult(p.Step, p.Count, p.LossSum, p.Correct, p.Failures, rows), Self);
        if (waiting.TryDequeue(out var next)) Start(next.Indices, next.ReplyTo);
    }

    /// <summary>The step failed and was not applied; the steps queued behind it are not run either.</summary>
    private void Fail(Exception e)
    {
        var p = pending!;
        pending = null;
        p.ReplyTo.Tell(new Status.Failure(e), Self);
        while (waiting.TryDequeue(out var next))
            next.ReplyTo.Tell(new Status.Failure(new InvalidOperationException($"not run: step {p.Step} before it failed ({e.Message})", e)), Self);
    }
}

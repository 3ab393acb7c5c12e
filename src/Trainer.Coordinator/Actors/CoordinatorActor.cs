using System.Diagnostics;
using Akka.Event;
using Microsoft.Extensions.Logging;
using Trainer.Coordinator.DataParallel;
using Trainer.Shared;
using Trainer.Shared.Actors;
using Trainer.Shared.Messages;
using Trainer.Shared.Sharding;
using Trainer.Shared.Telemetry;
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
/// so each step is applied exactly once. A caller keeps the next step asked for, so no device
/// waits on the caller between steps. Rendezvous steps are sent on at once (a replica takes step
/// s only after applying s - 1; a failure redoes the step and every later one in flight); when
/// the coordinator sums, a step asked for while another runs waits in a queue.
/// With a step deadline, a device that keeps its work of a step longer than that (stuck, while
/// its heartbeats still flow) is named and treated as failed: out of the run for good, its work
/// redone by the others, its late answer ignored as a dead device's (<see cref="DeviceDeadlines"/>).
/// When the coordinator sums, devices may also join mid-run (<see cref="AddDevices"/>).
/// </summary>
public sealed class CoordinatorActor : ReceiveActor, IWithTimers
{
    private const string Track = "coordinator";

    private readonly CoordinatorSetup setup;
    private readonly TraceRecorder trace;
    private readonly ParameterSet master;
    private readonly List<DeviceSlot> devices = new();
    private readonly Queue<(long[] Indices, IActorRef ReplyTo)> waiting = new();
    private readonly DeviceThroughput throughput = new();
    // The steps under way, oldest first. When the coordinator sums, at most one: a step's work
    // needs the weights its predecessor produced, which only the coordinator's broadcast brings.
    // Rendezvous steps are sent as soon as they are asked for: a replica takes step s only once
    // it has applied step s - 1 (and refuses it otherwise), so the next step's work already waits
    // in every mailbox when a step ends, and no replica waits on the coordinator between steps.
    private readonly List<PendingStep> inFlight = new();
    private long stepCounter;
    // The version the master's value buffer holds between steps: what a device joining mid-run loads.
    private long broadcastVersion;
    private readonly DeviceDeadlines? deadlines;
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public ITimerScheduler Timers { get; set; } = null!;

    private TimeSpan Now => clock.Elapsed;

    /// <summary>The oldest step under way: the one the coordinator-sums path works on.</summary>
    private PendingStep? pending => inFlight.Count > 0 ? inFlight[0] : null;

    public CoordinatorActor(CoordinatorSetup setup)
    {
        this.setup = setup;
        trace = setup.Trace;
        // The coordinator's own libtorch work (optimizer step, reading weights) is small; one
        // thread keeps its OpenMP team from spinning on cores the replicas are computing on.
        TorchThreads.SetForThisThread(1);
        // The master's flat buffers: the coordinator sums into its gradient buffer (when it sums)
        // and broadcasts its value buffer itself (see Broadcast).
        master = setup.Master;
        if (setup.StepDeadline is TimeSpan deadline) deadlines = new DeviceDeadlines(deadline);

        Receive<RunStep>(OnRunStep);
        Receive<GradientsComputed>(OnGradients);
        Receive<ReplicaStepped>(OnReplicaStepped);
        Receive<StepAborted>(OnStepAborted);
        Receive<ShardFailed>(f => MarkDead(f.Device, f.Reason, appliedStep: f.AfterAllReduce ? f.Step : null));
        Receive<Terminated>(OnTerminated);
        Receive<CheckReplicas>(OnCheckReplicas);
        Receive<ReplicaWeights>(OnReplicaWeights);
        Receive<SyncMaster>(OnSyncMaster);
        Receive<SyncSourceWeights>(OnSyncSourceWeights);
        Receive<CheckDeadlines>(_ => OnCheckDeadlines());
        Receive<AddDevices>(OnAddDevices);
    }

    public static Props Create(CoordinatorSetup setup) =>
        Props.Create(() => new CoordinatorActor(setup)).WithDispatcher(TrainerActorSystem.PinnedDispatcher);

    /// <summary>
    /// A failed device is stopped, never restarted: its replica may hold half-applied state,
    /// and a fresh one would rejoin without the weights the others have. The coordinator
    /// re-plans its work over the survivors instead (it hears of the failure as ShardFailed
    /// or, for a failure outside a step, as Terminated).
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => DeviceSupervision.Strategy;

    protected override void PreStart()
    {
        foreach (var spec in setup.Devices) Spawn(spec);
        Broadcast(0);
        if (deadlines is not null) Timers.StartPeriodicTimer(nameof(CheckDeadlines), CheckDeadlines.Instance, deadlines.CheckEvery);
    }

    /// <summary>Starts (and watches) the actor of a new device, whose id is its place in the list.</summary>
    private DeviceSlot Spawn(DeviceSpec spec)
    {
        var id = devices.Count;
        var props = setup.DeviceProps?.Invoke(id, spec) ?? DeviceActor.Create(id, spec, setup.Replica);
        var name = new string(spec.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        // A device that joins mid-run may sanitise to the name of one still stopping.
        if (!Context.Child(name).IsNobody()) name = $"{name}-{id}";
        var actor = Context.ActorOf(props, name);
        Context.Watch(actor);
        var slot = new DeviceSlot(id, spec, actor);
        devices.Add(slot);
        return slot;
    }

    private IReadOnlyList<DeviceSlot> Live => devices.Where(d => d.Alive).ToList();

    private void OnRunStep(RunStep message)
    {
        if (message.SampleIndices.Length == 0)
        {
            Sender.Tell(new Status.Failure(new ArgumentException("a step needs at least one sample")));
            return;
        }
        if (setup.CoordinatorSums && pending is not null) waiting.Enqueue((message.SampleIndices, Sender));
        else Start(message.SampleIndices, Sender);
    }

    private void Start(long[] indices, IActorRef replyTo)
    {
        var p = new PendingStep(++stepCounter, indices, replyTo) { StartedUs = trace.NowUs };
        inFlight.Add(p);
        if (setup.CoordinatorSums)
            Dispatch(indices, everyLiveDevice: true); // the master's gradient is not zeroed: the step's first contribution overwrites it (OnGradients)
        else
            StartAttempt(p);
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
            Fail(new AllDevicesFailedException($"step {p.Step}: every device has failed ({string.Join("; ", p.Failures)})"));
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
                deadlines?.Sent(d.Id, p.Step, 0, Now);
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
        deadlines?.Answered(g.Device, g.Step, 0, Now);
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
        broadcastVersion = version;
        using (trace.Span(Track, Phase.Broadcast, version))
        {
            master.PullValues();
            var message = new LoadWeights(version, master.Values);
            foreach (var d in devices)
                if (d.Alive) d.Actor.Tell(message, Self);
        }
    }

    // ---- rendezvous steps: all-reduce mode, parameter-server mode on CPU replicas ----

    private void StartAttempt(PendingStep p)
    {
        var live = Live;
        if (live.Count == 0)
        {
            Fail(new AllDevicesFailedException($"step {p.Step}: every device has failed ({string.Join("; ", p.Failures)})"));
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
                deadlines?.Sent(d.Id, p.Step, p.Attempt, Now);
            }
        }
    }

    /// <summary>The step under way that <paramref name="step"/>/<paramref name="attempt"/> names; null for a stale answer (an older attempt, or a step already ended).</summary>
    private PendingStep? InFlight(long step, int attempt) => inFlight.FirstOrDefault(p => p.Step == step && p.Attempt == attempt);

    private void OnReplicaStepped(ReplicaStepped r)
    {
        deadlines?.Answered(r.Device, r.Step, r.Attempt, Now);
        var p = InFlight(r.Step, r.Attempt);
        if (p is null || !p.Awaiting.Remove(r.Device)) return;
        p.AddFigures(r.Device, r.Count, r.LossSum, r.Correct);
        p.Stepped++;
        if (r.Checksum is double checksum) p.Checksums.Add(checksum);
        throughput.Record(r.Device, r.Count, r.ComputeSeconds);
        CheckAttemptDone(p);
    }

    private void OnStepAborted(StepAborted a)
    {
        deadlines?.Answered(a.Device, a.Step, a.Attempt, Now);
        var p = InFlight(a.Step, a.Attempt);
        if (p is null || !p.Awaiting.Remove(a.Device)) return;
        if (a.Fatal)
        {
            Fail(new InvalidOperationException(a.Reason));
            return;
        }
        p.Aborted = true;
        CheckAttemptDone(p);
    }

    private void CheckAttemptDone(PendingStep p)
    {
        if (p.Awaiting.Count > 0) return;
        if (!p.Aborted && p.Stepped > 0)
        {
            if (p.Checksums.Distinct().Count() > 1)
            {
                Fail(new InvalidOperationException(
                    $"step {p.Step}: the replicas no longer agree after the all-reduce (parameter checksums {string.Join(", ", p.Checksums.Select(c => c.ToString("R")))})"));
                return;
            }
            while (pending is { Applied: true }) Complete();
            return;
        }
        // Nobody applied the step (the all-reduce was aborted): redo it on the survivors from the
        // unchanged weights, and after it every later step (the replicas refuse those while this
        // one is not applied, and their old attempts' answers are stale).
        if (p.Attempt + 1 > devices.Count)
        {
            Fail(new InvalidOperationException($"step {p.Step}: the all-reduce failed {p.Attempt + 1} times ({string.Join("; ", p.Failures)})"));
            return;
        }
        Redo(inFlight.Skip(inFlight.IndexOf(p)).ToList());
    }

    /// <summary>Sends new attempts of <paramref name="steps"/> (in flight, oldest first), in order, over the live devices.</summary>
    private void Redo(IReadOnlyList<PendingStep> steps)
    {
        foreach (var q in steps)
        {
            if (!inFlight.Contains(q)) return; // the run failed meanwhile
            // Replicas waiting in an old attempt's all-reduce (for a device that has since died) are let go.
            setup.Replica.Rendezvous?.Abort(q.Step, q.Attempt, $"step {q.Step} is redone over the devices still alive");
            q.Attempt++;
            StartAttempt(q);
        }
    }

    private void OnSyncMaster(SyncMaster _)
    {
        var replyTo = Sender;
        if (setup.Mode != DataParallelMode.AllReduce)
        {
            replyTo.Tell(new Status.Success(null));
            return;
        }
        var source = Live.FirstOrDefault();
        if (source is null)
        {
            replyTo.Tell(new Status.Failure(new InvalidOperationException("no live replica to read the weights from")));
            return;
        }
        syncing = (replyTo, source.Id);
        PipeToSelf(source.Actor.Ask<LoadWeights>(GetWeights.Instance, setup.AskTimeout),
            (weights, error) => new SyncSourceWeights(replyTo, weights, error));
    }

    private void OnSyncSourceWeights(SyncSourceWeights m)
    {
        if (syncing is not { } s || !s.ReplyTo.Equals(m.ReplyTo)) return; // already failed by the source's death
        syncing = null;
        if (m.Error is not null)
        {
            m.ReplyTo.Tell(new Status.Failure(m.Error));
            return;
        }
        master.LoadValues(m.Weights!.Values);
        m.ReplyTo.Tell(new Status.Success(null));
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
    /// Takes a failed device out of the run. <paramref name="appliedStep"/>: the step after whose
    /// sum it failed, which the survivors apply and which must not be redone.
    /// </summary>
    private void MarkDead(int id, string reason, long? appliedStep = null)
    {
        var slot = devices[id];
        if (!slot.Alive) return;
        slot.Alive = false;
        deadlines?.Forget(id);
        Context.GetLogger().Error("device {0} failed and is out of the run: {1}", slot.Spec.Name, reason);
        FailRequestsWaitingOn(id, reason);
        var p = pending;
        if (p is null) return;
        if (setup.CoordinatorSums)
        {
            p.Failures.Add(reason);
            var missing = p.TakeOutstanding(id);
            if (missing.Length > 0) Dispatch(missing);
            // It owed only an empty shard (it was to answer that it read the broadcast), and the
            // others have all answered: nothing else will complete the step.
            else if (p.NothingOutstanding) ApplyMasterStep();
            return;
        }
        // The step it was working on: the oldest that still awaits it (it answers in order).
        var failed = inFlight.FirstOrDefault(q => q.Awaiting.Contains(id));
        if (failed is null) return;
        failed.Failures.Add(reason);
        failed.Awaiting.Remove(id);
        if (appliedStep != failed.Step)
        {
            // Died before (or while) contributing: the others' all-reduce is aborted, and the step
            // (with every later one) redone once they have all answered. The round is called off
            // here too: a replica that died outside the rendezvous (or joined a stale round) never
            // aborted it, and the survivors would wait in it until the step timeout.
            setup.Replica.Rendezvous?.Abort(failed.Step, failed.Attempt, $"{slot.Spec.Name} failed: {reason}");
            failed.Aborted = true;
            CheckAttemptDone(failed);
            return;
        }
        // Died after the sum: its gradients are in the update the others apply. The later steps
        // were planned with it and would wait for it: they are redone over the survivors.
        var later = inFlight.Skip(inFlight.IndexOf(failed) + 1).ToList();
        CheckAttemptDone(failed);
        Redo(later);
    }

    /// <summary>
    /// Names every device that has kept its work past the deadline and treats it as failed, for
    /// good: it is stopped (once its thread comes back, if ever) and its work is redone by the
    /// others, exactly as for a device that threw. It does not come back for a later step: a
    /// device that hung once is likely to hang again, each time costing a whole deadline, and
    /// taking it back would need its weights (and, all-reduce, its optimizer state) rebuilt
    /// while it may still be computing on the old ones. Its late answer, if it ever comes, is
    /// a dead device's and is dropped (a remote one's upload is refused at the edge as stale).
    /// </summary>
    private void OnCheckDeadlines()
    {
        foreach (var o in deadlines!.Overdue(Now))
        {
            var slot = devices[o.Device];
            if (!slot.Alive) continue;
            // In a rendezvous a healthy replica that has handed in its gradient waits for the
            // stuck one and is just as late: only one that never arrived is stuck.
            if (setup.Replica.Rendezvous?.HasJoined(o.Step, o.Attempt, o.Device) == true) continue;
            var reason = $"{slot.Spec.Name} gave no answer to step {o.Step} within the step timeout of {deadlines.Deadline.TotalSeconds:0.###} s "
                + $"(waited {o.Waited.TotalSeconds:0.###} s): it is stuck or far too slow";
            Context.Stop(slot.Actor);
            MarkDead(o.Device, reason);
        }
    }

    /// <summary>
    /// Devices that joined mid-run (a worker that came late): they load the weights of the last
    /// broadcast, which the master holds until the step under way is applied, so they can take
    /// work of that step if a failure re-plans it, and take part from the next step in any case.
    /// Only where the coordinator sums: a replica there needs nothing but the weights, and every
    /// step is planned afresh over the live devices. Rendezvous replicas would also need their
    /// optimizer state (all-reduce) or a lane of the sharded master, fixed at the start.
    /// </summary>
    private void OnAddDevices(AddDevices m)
    {
        if (!setup.CoordinatorSums)
        {
            Sender.Tell(new Status.Failure(new InvalidOperationException(
                $"devices cannot join mid-run in {(setup.Mode == DataParallelMode.AllReduce ? "all-reduce mode" : "parameter-server mode on CPU replicas")}: only where the coordinator sums the gradients")));
            return;
        }
        var names = m.Devices;
        var clash = names.FirstOrDefault(n => names.Count(x => x == n) > 1 || devices.Any(d => d.Spec.Name == n));
        if (names.Count == 0 || clash is not null)
        {
            Sender.Tell(new Status.Failure(new ArgumentException(clash is null ? "no devices to add" : $"device {clash} is already in the run (or listed twice)")));
            return;
        }
        List<DeviceSpec> specs;
        try
        {
            // A stand-in's device computes on its worker: its name is all the coordinator needs.
            specs = names.Select(n => setup.DeviceProps is null ? DeviceSpecs.Parse(n).Single() : new DeviceSpec(n, torch.CPU)).ToList();
        }
        catch (ArgumentException e)
        {
            Sender.Tell(new Status.Failure(e));
            return;
        }
        var weights = new LoadWeights(broadcastVersion, master.Values);
        foreach (var spec in specs) Spawn(spec).Actor.Tell(weights, Self);
        Context.GetLogger().Info("devices {0} joined mid-run and take part from step {1}", string.Join(",", names), stepCounter + 1);
        Sender.Tell(new DevicesAdded(names, stepCounter + 1));
    }

    private void OnTerminated(Terminated t)
    {
        var slot = devices.FirstOrDefault(d => d.Actor.Path.Equals(t.ActorRef.Path));
        if (slot is not null) MarkDead(slot.Id, $"{slot.Spec.Name} stopped");
    }

    // Requests answered from the devices' replies. Akka's Ask to a device that has stopped is not
    // failed, only timed out, so a device's death fails them here, at once.
    private IActorRef? checkingReplicas;
    private (IActorRef ReplyTo, int Source)? syncing;

    /// <summary>Fails the requests that wait on a device that just died.</summary>
    private void FailRequestsWaitingOn(int id, string reason)
    {
        if (checkingReplicas is { } checker)
        {
            checker.Tell(new Status.Failure(new InvalidOperationException($"a device failed to start: {reason}")));
            checkingReplicas = null;
        }
        if (syncing is { } s && s.Source == id)
        {
            s.ReplyTo.Tell(new Status.Failure(new InvalidOperationException($"the replica the weights were read from failed: {reason}")));
            syncing = null;
        }
    }

    private void OnCheckReplicas(CheckReplicas _)
    {
        var replyTo = Sender;
        if (devices.FirstOrDefault(d => !d.Alive) is { } dead)
        {
            replyTo.Tell(new Status.Failure(new InvalidOperationException($"a device failed to start: {dead.Spec.Name} stopped")));
            return;
        }
        checkingReplicas = replyTo;
        PipeToSelf(Task.WhenAll(devices.Select(d => d.Actor.Ask<LoadWeights>(GetWeights.Instance, setup.AskTimeout))),
            (replies, error) => new ReplicaWeights(replyTo, replies, error));
    }

    private void OnReplicaWeights(ReplicaWeights m)
    {
        if (!m.ReplyTo.Equals(checkingReplicas)) return; // already failed by a device's death
        checkingReplicas = null;
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
        inFlight.RemoveAt(0);
        // One step at a time when the coordinator sums: the steps tile its track. (Rendezvous
        // steps overlap, which a track cannot show.) A remote device's spans of a step nest in it.
        if (setup.CoordinatorSums) trace.Record(Track, Phase.Step, p.Step, p.StartedUs, trace.NowUs - p.StartedUs);
        var rows = p.RowsByDevice.ToDictionary(kv => devices[kv.Key].Spec.Name, kv => kv.Value);
        p.ReplyTo.Tell(new StepResult(p.Step, p.Count, p.LossSum, p.Correct, p.Failures, rows), Self);
        if (pending is null && waiting.TryDequeue(out var next)) Start(next.Indices, next.ReplyTo);
    }

    /// <summary>The step failed and was not applied; the steps queued behind it are not run either.</summary>
    private void Fail(Exception e)
    {
        var p = pending!;
        var later = inFlight.Skip(1).ToList();
        inFlight.Clear();
        p.ReplyTo.Tell(new Status.Failure(e), Self);
        foreach (var replyTo in later.Select(q => q.ReplyTo).Concat(waiting.Select(w => w.ReplyTo)))
            replyTo.Tell(new Status.Failure(new InvalidOperationException($"not run: step {p.Step} before it failed ({e.Message})", e)), Self);
        waiting.Clear();
    }
}

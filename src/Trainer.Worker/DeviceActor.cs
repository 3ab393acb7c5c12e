using Trainer.Shared;
using Trainer.Shared.Actors;
using Trainer.Shared.Messages;
using Trainer.Shared.Telemetry;

namespace Trainer.Worker;

/// <summary>
/// One device holding one replica. Runs on a dedicated thread (Props from <see cref="Create"/>):
/// libtorch's grad mode and OpenMP thread count are per thread, and the replica is built,
/// used and freed on that thread. A failure is reported to the sender as
/// <see cref="ShardFailed"/> and then rethrown, so the supervisor (the coordinator) stops the
/// device: a replica whose state is suspect must not rejoin silently.
/// </summary>
public sealed class DeviceActor : ReceiveActor
{
    private readonly int id;
    private readonly DeviceSpec spec;
    private readonly ReplicaSetup setup;
    private readonly TraceRecorder trace;
    private readonly Model model;
    private readonly Loss loss;
    private readonly Optimizer? optimizer;
    // The replica's parameters and gradients, bound to two flat buffers.
    private readonly ParameterSet parameters;
    // Parameter-server mode: the step of the last reply, which carried the live gradient buffer.
    // The coordinator reads a reply when it takes it from its mailbox, and sends a LATER step's
    // work only once every reply of the current step has been read (or discarded, from a device
    // it declared dead), so a later step may overwrite the buffer. A second shard of the same
    // step (work re-dispatched after a failure) may arrive while the first reply is still unread:
    // that one computes into a new buffer and leaves the old one to the message.
    private long lastReplyStep = -1;
    private double? lastEndUs;
    private long version = -1;

    public DeviceActor(int id, DeviceSpec spec, ReplicaSetup setup)
    {
        this.id = id;
        this.spec = spec;
        this.setup = setup;
        trace = setup.Trace;
        // One intra-op thread per CPU replica: the replicas ARE the parallelism, and N replicas
        // with N OpenMP threads each would oversubscribe the cores. libtorch (OpenMP build) keeps
        // this per thread, once the thread's lazy initialisation is used up (TorchThreads).
        if (spec.IsCpu) TorchThreads.SetForThisThread(1);
        model = setup.ModelFactory();
        try
        {
            if (!spec.IsCpu) model.to(spec.TorchDevice);
            model.train();
            loss = setup.LossFactory();
            // Replicas that sum through shared memory read their gradients where backward left them;
            // those that send them in a message, or live on a GPU, keep one flat buffer.
            parameters = new ParameterSet(model, spec.IsCpu && setup.Rendezvous is not null ? GradientLayout.Fresh : GradientLayout.Flat);
            if (setup.OptimizerFactory is not null) optimizer = setup.OptimizerFactory(parameters.Parameters);
        }
        catch
        {
            // PostStop never runs for an actor whose constructor failed: what was built is freed
            // here, on this thread, not later by a finalizer (on a GPU that memory would stay held).
            ReleaseReplica();
            throw;
        }

        Receive<LoadWeights>(Load);
        Receive<ComputeGradients>(Compute);
        Receive<TrainStep>(Train);
        Receive<GetWeights>(_ => Sender.Tell(new LoadWeights(version, parameters.CopyValues()), Self));
    }

    /// <summary>The recipe for device <paramref name="id"/>, on its own thread.</summary>
    public static Props Create(int id, DeviceSpec spec, ReplicaSetup setup) =>
        Props.Create(() => new DeviceActor(id, spec, setup)).WithDispatcher(TrainerActorSystem.PinnedDispatcher);

    private void Load(LoadWeights message)
    {
        MarkIdle(message.Version);
        using (trace.Span(spec.Name, Phase.Broadcast, message.Version))
        {
            // Parameter-server mode (no optimizer here): the replica only reads its weights, and the
            // sender leaves the buffer alone until this replica has answered the next step, so the
            // replica computes on the message's buffer in place. Its forward then reads the same
            // memory as every other in-process replica: no copy, and one copy of the weights in
            // cache. A replica that steps its own optimizer (all-reduce) writes them: it copies.
            if (optimizer is null) parameters.ShareValues(message.Values);
            else parameters.LoadValues(message.Values);
        }
        version = message.Version;
        lastEndUs = trace.NowUs;
    }

    private void Compute(ComputeGradients message)
    {
        MarkIdle(message.Step);
        try
        {
            // A device without samples this step still answers: the coordinator then knows it has
            // read the last broadcast, which lets it write the master's weights again.
            if (message.SampleIndices.Length == 0)
            {
                Sender.Tell(new GradientsComputed(message.Step, id, 0, 0, 0, []), Self);
                return;
            }
            if (message.Step <= lastReplyStep) parameters.HandOverGradients();
            var shard = ForwardBackward(message.Step, message.SampleIndices);
            lastReplyStep = message.Step;
            Sender.Tell(new GradientsComputed(message.Step, id, shard.Count, shard.LossSum, shard.Correct, parameters.Gradients, shard.Seconds), Self);
        }
        catch (Exception e)
        {
            Sender.Tell(new ShardFailed(message.Step, id, $"{spec.Name}: {e.Message}"), Self);
            throw;
        }
        finally
        {
            lastEndUs = trace.NowUs;
        }
    }

    private void Train(TrainStep message)
    {
        MarkIdle(message.Step);
        var rendezvous = setup.Rendezvous ?? throw new InvalidOperationException($"{spec.Name} got a TrainStep but was built without a gradient rendezvous");
        var reduced = false; // once the gradients are summed, the others apply the step whatever happens here
        try
        {
            // Steps arrive before their predecessor ends (the coordinator does not wait between
            // them). One whose predecessor was not applied here (its all-reduce was aborted, so it
            // is being redone) is refused, untouched: the coordinator sends it again after the redo.
            if (message.Step != version + 1)
            {
                var why = message.Step <= version ? $"{spec.Name} has already applied step {message.Step}" : $"{spec.Name} has not applied step {version + 1}";
                Sender.Tell(new StepAborted(message.Step, message.Attempt, id, why), Self);
                return;
            }
            // A replica with no samples this step (batch smaller than the device count) still
            // takes part with weight 0: it must apply (or help apply) the same update as the others.
            // Its gradient is zeros: all-reduce writes the sum there, and its optimizer steps on it.
            var shard = message.SampleIndices.Length > 0 ? ForwardBackward(message.Step, message.SampleIndices) : NoSamples();
            var count = shard.Count;
            var weight = (float)count / message.BatchTotal;
            double? checksum = null; // replicas sharing the master hold no weights of their own to summarise
            if (rendezvous.Master is null) checksum = AllReduceAndStep(rendezvous, message, weight, shard.Gradients, count > 0);
            else SumIntoMaster(rendezvous, message, weight, shard.Gradients, count > 0);
            reduced = true;
            if (setup.Failure?.Hits(spec.Name, message.Step, FailurePoint.OptimizerStep) == true)
                throw new InjectedFailureException($"injected failure after the update of step {message.Step}");
            version = message.Step;
            Sender.Tell(new ReplicaStepped(message.Step, message.Attempt, id, count, shard.LossSum, shard.Correct, checksum, shard.Seconds), Self);
        }
        catch (RendezvousAbortedException e)
        {
            // Another replica failed: this one is healthy and no weights were touched.
            Sender.Tell(new StepAborted(message.Step, message.Attempt, id, e.Message), Self);
        }
        catch (MasterUpdateFailedException e)
        {
            // The master is half-updated: nothing this replica can redo; the coordinator fails the step.
            Sender.Tell(new StepAborted(message.Step, message.Attempt, id, e.Message, Fatal: true), Self);
        }
        catch (Exception e)
        {
            rendezvous.Abort(message.Step, message.Attempt, $"{spec.Name} failed: {e.Message}");
            Sender.Tell(new ShardFailed(message.Step, id, $"{spec.Name}: {e.Message}", AfterAllReduce: reduced), Self);
            throw;
        }
        finally
        {
            lastEndUs = trace.NowUs;
        }
    }

    /// <summary>All-reduce mode: sums the gradients with the other replicas', steps this replica's own optimizer; returns the step's checksum of its weights.</summary>
    private double AllReduceAndStep(GradientRendezvous rendezvous, TrainStep message, float weight, GradientView gradients, bool hasSamples)
    {
        using (trace.Span(spec.Name, Phase.Aggregate, message.Step))
            rendezvous.AllReduce(message.Step, message.Attempt, message.Participants, id, weight, gradients, hasSamples);
        using (trace.Span(spec.Name, Phase.OptimizerStep, message.Step))
        {
            parameters.PushGradients();
            optimizer!.step();
            if (setup.Failure?.Hits(spec.Name, message.Step, FailurePoint.Drift) == true)
                using (torch.no_grad()) parameters.Parameters[0].add_(1e-3);
            return parameters.StepChecksum(message.Step);
        }
    }

    /// <summary>
    /// Parameter-server mode on CPU replicas: sums this replica's lanes of every replica's
    /// gradients into the master, steps the master's optimizer on them, and waits until every
    /// lane is done: then the master's weights, which this replica computes on in place, are the
    /// next step's (the broadcast).
    /// </summary>
    private void SumIntoMaster(GradientRendezvous rendezvous, TrainStep message, float weight, GradientView gradients, bool hasSamples)
    {
        RendezvousTicket ticket;
        // Waiting for the slowest replica's gradients is idle time, not aggregation.
        using (trace.Span(spec.Name, Phase.Idle, message.Step))
            ticket = rendezvous.Join(message.Step, message.Attempt, message.Participants, id, weight, gradients, hasSamples);
        using (trace.Span(spec.Name, Phase.Aggregate, message.Step))
            rendezvous.Reduce(ticket);
        using (trace.Span(spec.Name, Phase.OptimizerStep, message.Step))
            rendezvous.StepMaster(ticket, setup.Failure is null ? null : () => // the test hook; no closure per step otherwise
            {
                if (setup.Failure.Hits(spec.Name, message.Step, FailurePoint.MasterUpdate))
                    throw new InjectedFailureException($"injected failure in the master's update at step {message.Step}");
            });
        using (trace.Span(spec.Name, Phase.Broadcast, message.Step))
            rendezvous.Publish(ticket);
    }

    /// <summary>What a shard's forward and backward gave: its loss and accuracy counts, and its gradient.</summary>
    private readonly record struct ShardResult(int Count, double LossSum, long Correct, double Seconds, GradientView Gradients);

    /// <summary>A step without samples: a zero gradient for every parameter.</summary>
    private ShardResult NoSamples()
    {
        parameters.ZeroGradients();
        return new ShardResult(0, 0, 0, 0, parameters.CollectGradients());
    }

    /// <summary>Mean loss over the shard and backward: the gradients land in the replica's gradient (flat buffer or fresh tensors).</summary>
    private ShardResult ForwardBackward(long step, long[] indices)
    {
        var started = trace.NowUs;
        using var scope = torch.NewDisposeScope();
        Tensor x, y;
        using (trace.Span(spec.Name, Phase.CopyToDevice, step))
        {
            (x, y) = setup.Data.Gather(indices);
            if (!spec.IsCpu)
            {
                x = x.to(spec.TorchDevice);
                y = y.to(spec.TorchDevice);
            }
        }
        Tensor output, l;
        using (trace.Span(spec.Name, Phase.Forward, step))
        {
            if (setup.Failure?.Hits(spec.Name, step, FailurePoint.Forward) == true)
                throw new InjectedFailureException($"injected failure in forward at step {step}");
            // A stuck device: this thread blocks (its mailbox waits, a stop included), then goes on;
            // its late answer must be refused by whoever stopped waiting for it.
            if (setup.Failure?.Hits(spec.Name, step, FailurePoint.Hang) == true) setup.Failure.Hang();
            output = model.call(x);
            l = loss.call(output, y);
        }
        using (trace.Span(spec.Name, Phase.Backward, step))
        {
            parameters.ZeroGradients();
            l.backward();
        }
        using (trace.Span(spec.Name, Phase.GradientCollect, step))
        {
            var gradients = parameters.CollectGradients();
            var n = indices.Length;
            var lossSum = l.ToDouble() * n;
            var correct = output.dim() == 2 && y.dtype == ScalarType.Int64 ? output.argmax(1).eq(y).sum().item<long>() : 0;
            return new ShardResult(n, lossSum, correct, (trace.NowUs - started) / 1e6, gradients);
        }
    }

    private void MarkIdle(long step)
    {
        var now = trace.NowUs;
        if (lastEndUs is double end) trace.Record(spec.Name, Phase.Idle, step, end, now - end);
    }

    protected override void PostStop() => ReleaseReplica();

    /// <summary>Frees the replica: whatever of it exists (a failed constructor leaves some fields unset).</summary>
    private void ReleaseReplica()
    {
        optimizer?.Dispose();
        (parameters as IDisposable)?.Dispose();
        (loss as IDisposable)?.Dispose();
        model.Dispose();
    }
}

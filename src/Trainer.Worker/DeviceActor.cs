using Trainer.Shared.Actors;
using Trainer.Shared.Messages;
using Trainer.Shared.Telemetry;
using Trainer.Torch;
using Trainer.Torch.Optim;

namespace Trainer.Worker;

/// <summary>
/// One device holding one replica. Runs on a dedicated thread (Props from <see cref="Create"/>):
/// libtorch's grad mode and OpenMP thread count are per thread, and the replica is built,
/// used and freed on that thread. A failure is reported to the sender as
/// <see cref="ShardFailed"/> and then rethrown, so the supervisor (the coordinator) stops the
/// device: a replica whose state is suspect must not rejoin silently.
/// </summary>
public sealed class DeviceActor : ActorBase
{
    private readonly int id;
    private readonly DeviceSpec spec;
    private readonly ReplicaSetup setup;
    private readonly TraceRecorder trace;
    private readonly torch.nn.Module model;
    private readonly torch.nn.Loss loss;
    private readonly Optimizer? optimizer;
    private readonly ParameterSet parameters;
    // All-reduce mode: this replica's contribution, reused every step. The rendezvous reads it
    // until the round is published; the next write is in a later TrainStep, which the
    // coordinator sends only after every replica answered this one. (Parameter-server mode
    // sends new arrays instead: a re-dispatched shard may be computed while the coordinator
    // has not yet read this device's previous reply.)
    private float[][]? contribution;
    // Parameter-server mode: the arrays of this device's last reply, reused by the first shard of
    // a LATER step. The coordinator reads a reply as soon as it takes it from its mailbox and
    // sends a later step's work only once every reply of the current step has been read (or
    // discarded unread, from a device it declared dead). A second shard of the same step (work
    // re-dispatched after a failure) gets new arrays: the first reply may still be unread.
    private TensorData[]? reply;
    private long replyStep = -1;
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
        // this per thread (omp_set_num_threads); it also stores the value as the default for
        // threads that have not yet touched libtorch, which the facade restores afterwards.
        if (spec.IsCpu) torch.set_num_threads(1);
        model = setup.ModelFactory();
        if (!spec.IsCpu) model.to(spec.TorchDevice);
        model.train();
        loss = setup.LossFactory();
        parameters = new ParameterSet(model);
        if (setup.OptimizerFactory is not null) optimizer = setup.OptimizerFactory(parameters.Parameters);

        Receive<LoadWeights>(Load);
        Receive<ComputeGradients>(Compute);
        Receive<TrainStep>(Train);
        Receive<GetWeights>(_ => Sender.Tell(new LoadWeights(version, parameters.ReadValues()), Self));
    }

    /// <summary>The recipe for device <paramref name="id"/>, on its own thread.</summary>
    public static Props Create(int id, DeviceSpec spec, ReplicaSetup setup) =>
        Props.Create(() => new DeviceActor(id, spec, setup)).WithDedicatedThread();

    private void Load(LoadWeights message)
    {
        MarkIdle(message.Version);
        using (trace.Span(spec.Name, Phase.Broadcast, message.Version))
            parameters.WriteValues(message.Values);
        version = message.Version;
        lastEndUs = trace.NowUs;
    }

    private void Compute(ComputeGradients message)
    {
        MarkIdle(message.Step);
        try
        {
            var reuse = reply is not null && message.Step > replyStep;
            var (count, lossSum, correct, fresh) = ForwardBackward(message.Step, message.SampleIndices, reuse ? Arrays(reply!) : null);
            var gradients = reuse ? reply! : fresh;
            if (reuse || reply is null) (reply, replyStep) = (gradients, message.Step);
            Sender.Tell(new GradientsComputed(message.Step, id, count, lossSum, correct, gradients), Self);
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
        var rendezvous = setup.Rendezvous ?? throw new InvalidOperationException($"{spec.Name} got a TrainStep but was built without an all-reduce rendezvous");
        try
        {
            // A replica with no samples this step (batch smaller than the device count) still
            // takes part with weight 0: every replica must apply the same update to stay identical.
            var (count, lossSum, correct) = (0, 0.0, 0L);
            IReadOnlyList<float[]> gradients = Array.Empty<float[]>();
            if (message.SampleIndices.Length > 0)
            {
                contribution ??= parameters.NewBuffers();
                (count, lossSum, correct, _) = ForwardBackward(message.Step, message.SampleIndices, contribution);
                gradients = contribution;
            }
            IReadOnlyList<float[]> sum;
            using (trace.Span(spec.Name, Phase.Aggregate, message.Step))
                sum = rendezvous.AllReduce(message.Step, message.Attempt, message.Participants, id,
                    (float)count / message.BatchTotal, gradients);
            double checksum;
            using (trace.Span(spec.Name, Phase.OptimizerStep, message.Step))
            {
                parameters.SetGradients(sum);
                optimizer!.step();
                checksum = parameters.Checksum();
            }
            version = message.Step;
            Sender.Tell(new ReplicaStepped(message.Step, message.Attempt, id, count, lossSum, correct, checksum), Self);
        }
        catch (RendezvousAbortedException e)
        {
            // Another replica failed: this one is healthy and has not touched its weights.
            Sender.Tell(new StepAborted(message.Step, message.Attempt, id, e.Message), Self);
        }
        catch (Exception e)
        {
            rendezvous.Abort(message.Step, message.Attempt, $"{spec.Name} failed: {e.Message}");
            Sender.Tell(new ShardFailed(message.Step, id, $"{spec.Name}: {e.Message}"), Self);
            throw;
        }
        finally
        {
            lastEndUs = trace.NowUs;
        }
    }

    /// <summary>
    /// Mean loss over the shard, backward, gradients copied out per unique parameter: into
    /// <paramref name="into"/> when given (and an empty list returned), else into new arrays.
    /// </summary>
    private (int Count, double LossSum, long Correct, TensorData[] Gradients) ForwardBackward(long step, long[] indices, float[][]? into)
    {
        if (indices.Length == 0) throw new ArgumentException($"{spec.Name} got an empty shard for step {step}");
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
            if (setup.Failure is { } f && f.Device == spec.Name && f.Step == step)
                throw new InjectedFailureException($"injected failure in forward at step {step}");
            output = model.call(x);
            l = loss.call(output, y);
        }
        using (trace.Span(spec.Name, Phase.Backward, step))
        {
            model.zero_grad(set_to_none: true);
            l.backward();
        }
        using (trace.Span(spec.Name, Phase.GradientCollect, step))
        {
            var n = indices.Length;
            var lossSum = l.item<double>() * n;
            var correct = output.dim() == 2 && y.dtype == ScalarType.Int64 ? output.argmax(1).eq(y).sum().item<long>() : 0;
            if (into is null) return (n, lossSum, correct, parameters.ReadGradients());
            parameters.ReadGradientsInto(into);
            return (n, lossSum, correct, []);
        }
    }

    private static float[][] Arrays(TensorData[] data)
    {
        var result = new float[data.Length][];
        for (var i = 0; i < data.Length; i++) result[i] = data[i].Values;
        return result;
    }

    private void MarkIdle(long step)
    {
        var now = trace.NowUs;
        if (lastEndUs is double end) trace.Record(spec.Name, Phase.Idle, step, end, now - end);
    }

    protected override void PostStop()
    {
        optimizer?.Dispose();
        loss.Dispose();
        model.Dispose();
    }
}

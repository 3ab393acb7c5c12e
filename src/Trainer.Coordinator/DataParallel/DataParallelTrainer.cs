using System.Diagnostics;
using Trainer.Coordinator.Actors;
using Trainer.Shared.Actors;
using Trainer.Shared.Telemetry;
using Trainer.Worker;

namespace Trainer.Coordinator.DataParallel;

/// <summary>
/// Embedded data-parallel training: one actor system holding a <see cref="CoordinatorActor"/>
/// and one <see cref="DeviceActor"/> per device. Used by `trainer train`, the tests and the
/// scaling benchmark:
/// <code>
/// using var dp = DataParallelTrainer.Create(new DataParallelOptions(model, loss, optim, DeviceSpecs.Parse("cpu:0,cpu:1"), data));
/// dp.RunEpoch(order, batchSize: 256);
/// var net = dp.MasterModel;
/// </code>
/// Calls are synchronous and one at a time (not thread-safe).
/// </summary>
public sealed class DataParallelTrainer : IDisposable
{
    private readonly ActorSystem system;
    private readonly IActorRef coordinator;
    private readonly Model master;
    private readonly MasterParts parts;
    private readonly TimeSpan stepTimeout;
    private readonly List<string> failures = new();
    private readonly Dictionary<string, long> samplesByDevice = new();
    private readonly long datasetSize;
    private bool masterStale;
    // A cluster node may hold one run after another (after every worker was lost): each coordinator gets a name of its own.
    private static int remoteRuns;
    private bool disposed;

    private DataParallelTrainer(DataParallelOptions options, Model master, MasterParts parts)
    {
        Options = options;
        this.master = master;
        this.parts = parts;
        Recorder = options.Trace ?? new TraceRecorder();
        stepTimeout = AskTimeout(options);
        datasetSize = options.Data.Count;
        system = options.Remote?.System ?? TrainerActorSystem.Create("dp");
        var roundTimeout = RendezvousTimeout(options);
        GradientRendezvous? rendezvous = options.Remote is not null ? null
            : options.Mode == DataParallelMode.AllReduce ? new GradientRendezvous(roundTimeout)
            : parts.Shards is not null ? new GradientRendezvous(roundTimeout, parts.Shards)
            : null;
        var replica = new ReplicaSetup(options.ModelFactory, options.LossFactory, options.Data, Recorder,
            options.Mode == DataParallelMode.AllReduce ? options.OptimizerFactory : null,
            rendezvous,
            options.Failure);
        coordinator = system.ActorOf(CoordinatorActor.Create(new CoordinatorSetup(
            parts.Parameters, parts.Optimizer, options.Devices, options.Mode, replica, Recorder, stepTimeout, options.Balance,
            options.Remote?.DeviceProps, options.StepDeadline)), options.Remote is null ? "coordinator" : $"coordinator-{Interlocked.Increment(ref remoteRuns)}");
        options.Remote?.CoordinatorStarted?.Invoke(coordinator);
    }

    /// <summary>
    /// The bound on a step's Ask. With a step deadline the coordinator itself ends every wait
    /// (each lost device costs at most one deadline, and a step can lose each device once), so
    /// the Ask is only a backstop and must not cut that short.
    /// </summary>
    private static TimeSpan AskTimeout(DataParallelOptions options)
    {
        var timeout = options.StepTimeout ?? TimeSpan.FromMinutes(5);
        return options.StepDeadline is TimeSpan d ? TimeSpan.FromTicks(Math.Max(timeout.Ticks, d.Ticks * (options.Devices.Count + 2))) : timeout;
    }

    /// <summary>
    /// How long a replica waits in the rendezvous for the others. With a step deadline, longer
    /// than it: a replica stuck before the rendezvous is then named by the coordinator (and the
    /// round aborted for the others), instead of the round timing out for a count of replicas.
    /// </summary>
    private static TimeSpan RendezvousTimeout(DataParallelOptions options)
    {
        var timeout = options.StepTimeout ?? TimeSpan.FromMinutes(5);
        return options.StepDeadline is TimeSpan d ? TimeSpan.FromTicks(Math.Max(timeout.Ticks, 2 * d.Ticks)) : timeout;
    }

    /// <summary>
    /// The master's flat parameters and its optimizer, in one of two forms. Parameter-server
    /// mode on CPU replicas only: sharded into one lane per device, stepped by the replicas'
    /// threads. Parameter-server mode with a CUDA device: one optimizer, stepped by the
    /// coordinator. All-reduce mode: neither (each replica has its own).
    /// </summary>
    private sealed record MasterParts(ParameterSet Parameters, MasterShards? Shards, Optimizer? Optimizer) : IDisposable
    {
        public static MasterParts For(Model master, DataParallelOptions options)
        {
            var parameters = new ParameterSet(master);
            try
            {
                if (options.Mode != DataParallelMode.ParameterServer) return new MasterParts(parameters, null, null);
                if (options.Devices.All(d => d.IsCpu) && options.Remote is null)
                    return new MasterParts(parameters, new MasterShards(parameters, options.OptimizerFactory, options.Devices.Count), null);
                return new MasterParts(parameters, null, options.OptimizerFactory(parameters.Parameters));
            }
            catch
            {
                parameters.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Shards?.Dispose();
            Optimizer?.Dispose();
            Parameters.Dispose();
        }
    }

    /// <summary>
    /// Builds the master and every replica, broadcasts the master's weights, and checks that
    /// each replica started and holds them: a device that cannot work fails here, before training.
    /// </summary>
    public static DataParallelTrainer Create(DataParallelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Devices.Count == 0) throw new ArgumentException("data-parallel training needs at least one device");
        if (options.Devices.Select(d => d.Name).Distinct().Count() != options.Devices.Count)
            throw new ArgumentException($"devices listed twice in {string.Join(",", options.Devices)}");
        if (options.StepDeadline is TimeSpan deadline && (deadline <= TimeSpan.Zero || deadline == TimeSpan.MaxValue))
            throw new ArgumentException($"the step deadline must be a positive, finite time, got {deadline}");
        // Replicas set one intra-op thread on their own threads; libtorch also keeps that value as the
        // default for threads that start later, so the caller's setting is put back once they are up.
        var callerThreads = torch.get_num_threads();
        var master = options.ModelFactory();
        MasterParts? parts = null;
        DataParallelTrainer? trainer = null;
        try
        {
            parts = MasterParts.For(master, options);
            trainer = new DataParallelTrainer(options, master, parts);
            // Remote replicas are checked where they live: each loads the master's weights of the
            // version its first step names, by that version's stamp (and a failure to start
            // takes its worker, and so its devices, out of the run).
            if (options.Remote is null) trainer.Await<Status.Success>(CheckReplicas.Instance);
            torch.set_num_threads(callerThreads);
            return trainer;
        }
        catch
        {
            if (trainer is not null) trainer.Dispose();
            else
            {
                parts?.Dispose();
                master.Dispose();
            }
            torch.set_num_threads(callerThreads);
            throw;
        }
    }

    public DataParallelOptions Options { get; }

    /// <summary>The coordinator actor, for tests that talk to it directly (devices joining mid-run).</summary>
    internal IActorRef Coordinator => coordinator;

    /// <summary>Every span of the run: tracks "coordinator" and one per device.</summary>
    public TraceRecorder Recorder { get; }

    /// <summary>Optimizer updates applied so far (one per step, never two).</summary>
    public long StepsApplied { get; private set; }

    /// <summary>
    /// The master's optimizers, whose state a checkpoint saves: the one the coordinator steps, or
    /// the sharded master's lanes in order; none in all-reduce mode (each replica has its own).
    /// </summary>
    public IReadOnlyList<Optimizer> MasterOptimizers =>
        parts.Optimizer is { } optimizer ? [optimizer] : parts.Shards?.Optimizers ?? [];

    /// <summary>Devices that failed during the run, with the reason, in the order they failed.</summary>
    public IReadOnlyList<string> Failures => failures;

    /// <summary>Samples each device computed over the run (in the steps applied), by device name; a device that joined mid-run appears once it has computed any.</summary>
    public IReadOnlyDictionary<string, long> SamplesByDevice => samplesByDevice;

    /// <summary>
    /// The model holding the trained weights (owned by the trainer: do not dispose). In
    /// all-reduce mode it is refreshed from a replica when read after training steps.
    /// </summary>
    public Model MasterModel
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (masterStale)
            {
                Await<Status.Success>(SyncMaster.Instance);
                masterStale = false;
            }
            return master;
        }
    }

    /// <summary>Trains one global batch, given as sample indices; applied exactly once.</summary>
    public StepResult TrainStep(long[] indices) => TrainSteps([indices])[0];

    /// <summary>
    /// Trains the global batches in order, each applied exactly once, and returns their results.
    /// The next batch is handed to the coordinator while the current one trains, so the devices
    /// go from step to step without waiting on this thread. If a step fails, the steps after it
    /// are not run, and the failure is thrown.
    /// </summary>
    public IReadOnlyList<StepResult> TrainSteps(IEnumerable<long[]> batches, Action<StepResult>? onStep = null)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(batches);
        var results = new List<StepResult>();
        var inFlight = new Queue<Task<StepResult>>();
        using var next = batches.GetEnumerator();
        var more = true;
        // Two steps in flight: the one training and the one queued behind it.
        while (true)
        {
            while (more && inFlight.Count < 2 && (more = next.MoveNext()))
            {
                var indices = next.Current;
                Validate(indices);
                inFlight.Enqueue(Reply<StepResult>(coordinator.Ask<object>(new RunStep(indices), stepTimeout)));
            }
            if (inFlight.Count == 0) return results;
            var result = Await(inFlight.Dequeue(), "RunStep");
            StepsApplied++;
            masterStale = Options.Mode == DataParallelMode.AllReduce;
            failures.AddRange(result.Failures);
            foreach (var (device, rows) in result.Rows) samplesByDevice[device] = samplesByDevice.GetValueOrDefault(device) + rows;
            results.Add(result);
            onStep?.Invoke(result);
        }
    }

    private void Validate(long[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Length == 0) throw new ArgumentException("a step needs at least one sample", nameof(indices));
        foreach (var i in indices)
            if ((ulong)i >= (ulong)datasetSize)
                throw new ArgumentOutOfRangeException(nameof(indices), $"sample index {i} is outside the data set (0..{datasetSize - 1})");
    }

    /// <summary>
    /// One pass over <paramref name="order"/> in global batches of <paramref name="batchSize"/>
    /// (the last may be smaller). With <paramref name="segments"/> the pass starts at a later
    /// batch (a resumed run) and drains the pipeline where asked, so that the master is
    /// between steps when <see cref="EpochSegments.AtPause"/> runs (a checkpoint).
    /// </summary>
    public EpochResult RunEpoch(long[] order, int batchSize, Action<StepProgress>? onStep = null, EpochSegments? segments = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), $"batch size must be at least 1, got {batchSize}");
        var batches = (order.Length + batchSize - 1) / batchSize;
        var first = segments?.FirstBatch ?? 0;
        if (first < 0 || first > batches) throw new ArgumentOutOfRangeException(nameof(segments), $"the first batch {first} is outside the epoch's {batches}");
        double lossSum = 0;
        long correct = 0, samples = 0, steps = first;
        var clock = Stopwatch.StartNew();
        void OnResult(StepResult r)
        {
            lossSum += r.LossSum;
            correct += r.Correct;
            samples += r.Count;
            steps++;
            onStep?.Invoke(new StepProgress(steps, batches, lossSum / samples, (double)correct / samples, samples / clock.Elapsed.TotalSeconds));
        }
        for (var start = first; start < batches;)
        {
            var end = start + 1;
            while (end < batches && segments?.PauseAfter(end) != true) end++;
            TrainSteps(Batches(order, batchSize, start, end), OnResult);
            if (segments?.PauseAfter(end) == true) segments.AtPause(end);
            start = end;
        }
        var seconds = clock.Elapsed.TotalSeconds;
        return new EpochResult(samples == 0 ? 0 : lossSum / samples, samples == 0 ? 0 : (double)correct / samples, samples, seconds, steps - first);
    }

    /// <summary>Global batches <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) of <paramref name="order"/>.</summary>
    private static IEnumerable<long[]> Batches(long[] order, int batchSize, int from, int to)
    {
        for (var b = from; b < to; b++)
        {
            var start = b * batchSize;
            yield return order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
        }
    }

    /// <summary>
    /// Asks the coordinator and waits. Akka's typed Ask fails a Status.Failure reply with an
    /// ArgumentException about the reply's type, so the reply is taken untyped and a failure
    /// rethrown as its own cause.
    /// </summary>
    private T Await<T>(object message) => Await(Reply<T>(coordinator.Ask<object>(message, stepTimeout)), message.GetType().Name);

    private static async Task<T> Reply<T>(Task<object> reply) => await reply.ConfigureAwait(false) switch
    {
        T answer => answer,
        Status.Failure failure => throw failure.Cause,
        var other => throw new InvalidOperationException($"the coordinator answered {other?.GetType().Name ?? "null"}, expected {typeof(T).Name}"),
    };

    private T Await<T>(Task<T> reply, string what)
    {
        try
        {
            // A kernel wait, not Task.Wait: that spins and yields first, on the cores the
            // replicas are computing on, once per step.
            if (!reply.IsCompleted) ((IAsyncResult)reply).AsyncWaitHandle.WaitOne();
            return reply.GetAwaiter().GetResult();
        }
        catch (AskTimeoutException e)
        {
            throw new TimeoutException($"data-parallel {what} got no answer within {stepTimeout.TotalSeconds:0} s", e);
        }
        finally
        {
            // Frees the wait handle (an OS event) now rather than at finalization, one per step.
            if (reply.IsCompleted) reply.Dispose();
        }
    }

    /// <summary>Stops the coordinator and its device stand-ins in a system the caller owns (a cluster node); false when they did not stop in time.</summary>
    private bool StopCoordinator()
    {
        try { return coordinator.GracefulStop(stepTimeout).GetAwaiter().GetResult(); }
        catch (TaskCanceledException) { return true; } // the node is going down anyway
    }

    /// <summary>
    /// Stops every actor (each replica frees its model on its own thread), then frees the master.
    /// A device held in the test hook's hang is let go first, so that it can stop. A device
    /// stuck for real never stops: after the Ask timeout the master is left unfreed, since that
    /// device's thread may still read its memory (CPU replicas compute on it in place).
    /// </summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Options.Failure?.Release();
        var stopped = Options.Remote is null ? system.Terminate().Wait(stepTimeout) : StopCoordinator();
        if (!stopped) return;
        parts.Dispose();
        master.Dispose();
    }
}

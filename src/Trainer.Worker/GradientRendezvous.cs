namespace Trainer.Worker;

/// <summary>
/// The in-process all-reduce the replicas meet in (all-reduce mode). Each replica of a round
/// (a step and attempt) hands in its flat gradient buffer (<see cref="ParameterSet.Gradients"/>)
/// with its weight n_i / N; the last to arrive checks the buffers and opens the reduction; then
/// every participant reduces its own slice of the flat vector: it sums that slice over all
/// contributions, in device order (so the result depends neither on who was fastest nor on the
/// slicing), and writes the sum back into EVERY participant's buffer. When all slices are done,
/// each replica's own buffer holds the full sum, in place: no copy in, no copy out, and the
/// work of the reduction is split over the replicas' threads (a reduce-scatter and all-gather
/// through shared memory).
/// Ownership: between joining and returning, a participant's buffer belongs to the round
/// (others read and write their slices of it); the caller must not touch it meanwhile.
/// Nobody hangs: a participant that fails calls <see cref="Abort"/>, and a wait longer than the
/// timeout aborts the round too; waiters then get <see cref="RendezvousAbortedException"/> with
/// their buffers untouched and their weights unchanged, so the step can be redone.
/// </summary>
public sealed class GradientRendezvous
{
    /// <summary>Floats summed per pass: the running sum of a block stays in L1 while every contribution is added.</summary>
    private const int Block = 2048;

    private readonly object gate = new();
    private readonly TimeSpan timeout;
    private readonly SortedDictionary<int, Contribution> arrived = new();
    private readonly List<Contribution> contributions = new();
    private (long Step, int Attempt) round = (-1, -1);
    private string? abortReason;
    private bool published;
    private bool reducing;
    private int slicesDone;

    private readonly record struct Contribution(float Weight, float[] Buffer, bool HasSamples);

    public GradientRendezvous(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "the all-reduce timeout must be positive");
        this.timeout = timeout;
    }

    /// <summary>
    /// Contributes <paramref name="gradients"/> weighted by <paramref name="weight"/> and returns
    /// once it holds the weighted sum over all participants. A replica without samples this step
    /// passes <paramref name="hasSamples"/> false: its buffer only receives the sum.
    /// </summary>
    public void AllReduce(long step, int attempt, int participants, int device, float weight, float[] gradients, bool hasSamples = true)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (participants < 1) throw new ArgumentOutOfRangeException(nameof(participants), "an all-reduce needs at least one participant");
        var rank = 0;
        bool last;
        var deadline = DateTime.UtcNow + timeout;
        lock (gate)
        {
            Enter(step, attempt);
            if (abortReason is not null) throw new RendezvousAbortedException(step, attempt, abortReason);
            if (reducing || !arrived.TryAdd(device, new Contribution(weight, gradients, hasSamples)))
                throw new InvalidOperationException($"device {device} joined the all-reduce of step {step} (attempt {attempt}) twice");
            last = arrived.Count == participants;
            if (last)
            {
                try
                {
                    Prepare();
                }
                catch (Exception e)
                {
                    abortReason = e.Message;
                    Monitor.PulseAll(gate);
                    throw;
                }
                reducing = true;
                Monitor.PulseAll(gate);
                rank = RankOf(device);
            }
        }
        if (!last)
        {
            // The others are usually a moment away: spin briefly before paying a sleep and wake-up.
            SpinBriefly(() => Volatile.Read(ref reducing) || Volatile.Read(ref abortReason) is not null);
            lock (gate)
            {
                while (!reducing && abortReason is null)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero)
                    {
                        abortReason = $"timed out after {timeout.TotalSeconds:0.#} s waiting for {participants - arrived.Count} of {participants} replicas";
                        Monitor.PulseAll(gate);
                        break;
                    }
                    Monitor.Wait(gate, left);
                }
                if (abortReason is not null) throw new RendezvousAbortedException(step, attempt, abortReason);
                rank = RankOf(device);
            }
        }
        // Every participant is here and running: each sums its slice outside the lock.
        try
        {
            ReduceSlice(rank, participants);
        }
        catch (Exception e)
        {
            lock (gate)
            {
                abortReason ??= e.Message;
                Monitor.PulseAll(gate);
            }
            throw;
        }
        lock (gate)
        {
            if (++slicesDone == participants)
            {
                published = true;
                Monitor.PulseAll(gate);
            }
        }
        SpinBriefly(() => Volatile.Read(ref published) || Volatile.Read(ref abortReason) is not null);
        lock (gate)
        {
            // No timeout here: every participant has arrived and is only summing.
            while (!published && abortReason is null) Monitor.Wait(gate);
            if (!published) throw new RendezvousAbortedException(step, attempt, abortReason!);
        }
    }

    /// <summary>
    /// Ends the round <paramref name="step"/>/<paramref name="attempt"/> without a result (a
    /// participant failed). Has no effect once the reduction has begun: by then every participant
    /// has contributed, so none of them failed before the reduction.
    /// </summary>
    public void Abort(long step, int attempt, string reason)
    {
        lock (gate)
        {
            if ((step, attempt).CompareTo(round) < 0) return; // an older round is over already
            Enter(step, attempt);
            if (reducing || abortReason is not null) return;
            abortReason = reason;
            Monitor.PulseAll(gate);
        }
    }

    private void Enter(long step, int attempt)
    {
        var key = (step, attempt);
        if (key == round) return;
        if (key.CompareTo(round) < 0)
            throw new InvalidOperationException($"all-reduce of step {step} (attempt {attempt}) arrived after step {round.Step} (attempt {round.Attempt}) began");
        round = key;
        arrived.Clear();
        abortReason = null;
        published = false;
        reducing = false;
        slicesDone = 0;
    }

    /// <summary>This device's position among the round's participants (device order).</summary>
    private int RankOf(int device)
    {
        var rank = 0;
        foreach (var key in arrived.Keys)
        {
            if (key == device) break;
            rank++;
        }
        return rank;
    }

    /// <summary>Spins (never sleeps) for at most ~200 us or until <paramref name="done"/>.</summary>
    private static void SpinBriefly(Func<bool> done)
    {
        var until = System.Diagnostics.Stopwatch.GetTimestamp() + System.Diagnostics.Stopwatch.Frequency / 5000;
        var spinner = new SpinWait();
        while (!done() && System.Diagnostics.Stopwatch.GetTimestamp() < until) spinner.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>Checks the contributions (under the lock, by the last to arrive).</summary>
    private void Prepare()
    {
        contributions.Clear();
        contributions.AddRange(arrived.Values);
        if (!contributions.Any(c => c.HasSamples)) throw new InvalidOperationException("no replica contributed gradients to the all-reduce");
        var length = contributions[0].Buffer.Length;
        foreach (var c in contributions)
            if (c.Buffer.Length != length)
                throw new InvalidOperationException($"a replica's gradient buffer holds {c.Buffer.Length} values, another's {length}: the replicas differ in layout");
    }

    /// <summary>
    /// Reduces slice <paramref name="rank"/> of <paramref name="count"/> of the flat vector:
    /// block by block, sums the contributions in device order into a scratch block, then writes
    /// it into every participant's buffer. Each element gets the same operations in the same
    /// order as a one-thread sum (0 + w0*g0 + w1*g1 ...), so the result is identical whatever
    /// the slicing; no other participant reads or writes this slice meanwhile.
    /// </summary>
    private void ReduceSlice(int rank, int count)
    {
        var total = contributions[0].Buffer.Length;
        // Slice bounds on a 64-float grid keep the vector loop aligned with the serial one.
        var per = ((total + count - 1) / count + 63) / 64 * 64;
        int lo = (int)Math.Min(total, (long)rank * per), hi = Math.Min(total, lo + per);
        Span<float> scratch = stackalloc float[Block];
        for (var from = lo; from < hi; from += Block)
        {
            var length = Math.Min(Block, hi - from);
            var sum = scratch[..length];
            sum.Clear();
            foreach (var c in contributions)
                if (c.HasSamples) GradientSum.AddScaled(sum, c.Buffer.AsSpan(from, length), c.Weight);
            foreach (var c in contributions) sum.CopyTo(c.Buffer.AsSpan(from, length));
        }
    }
}

/// <summary>The all-reduce round was abandoned; the replica must not apply the step.</summary>
public sealed class RendezvousAbortedException(long step, int attempt, string reason)
    : Exception($"all-reduce of step {step} (attempt {attempt}) aborted: {reason}")
{
    public long Step { get; } = step;
    public int Attempt { get; } = attempt;
}

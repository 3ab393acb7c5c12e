namespace Trainer.Worker;

/// <summary>
/// The in-process all-reduce the replicas meet in (all-reduce mode). Each replica of a round
/// (a step and attempt) hands in its mean-loss gradients with its weight n_i / N; the last to
/// arrive sizes the sum and opens the reduction; then every participant sums its own slice of
/// the (conceptually flat) parameter vector over all contributions, in device order (so the
/// result does not depend on who was fastest, nor on the slicing), and everyone returns the
/// same read-only arrays once every slice is done.
/// Ownership: a contribution's arrays are read by every participant until the round is
/// published; a caller may reuse them for a later round (it only joins one after all replies
/// of this one are in). The returned sum is reused by the next round.
/// Nobody hangs: a participant that fails calls <see cref="Abort"/>, and a wait longer than the
/// timeout aborts the round too; waiters then get <see cref="RendezvousAbortedException"/> and
/// have not changed their weights, so the step can be redone from the same state.
/// </summary>
public sealed class GradientRendezvous
{
    private readonly object gate = new();
    private readonly TimeSpan timeout;
    private readonly SortedDictionary<int, (float Weight, IReadOnlyList<float[]> Gradients)> arrived = new();
    private (long Step, int Attempt) round = (-1, -1);
    private string? abortReason;
    private bool published;
    private bool reducing;
    private int slicesDone;
    private List<(float Weight, IReadOnlyList<float[]> Gradients)> contributions = new();
    // Reused across rounds: a new round starts only after the coordinator has every reply of
    // the previous one, and a replica replies only after copying the sum into its gradients.
    private float[][]? sum;

    public GradientRendezvous(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "the all-reduce timeout must be positive");
        this.timeout = timeout;
    }

    /// <summary>
    /// Contributes <paramref name="gradients"/> weighted by <paramref name="weight"/> (an empty
    /// list from a replica without samples); returns the sum over all participants.
    /// </summary>
    public IReadOnlyList<float[]> AllReduce(long step, int attempt, int participants, int device, float weight, IReadOnlyList<float[]> gradients)
    {
        if (participants < 1) throw new ArgumentOutOfRangeException(nameof(participants), "an all-reduce needs at least one participant");
        var rank = 0;
        bool last;
        var deadline = DateTime.UtcNow + timeout;
        lock (gate)
        {
            Enter(step, attempt);
            if (abortReason is not null) throw new RendezvousAbortedException(step, attempt, abortReason);
            if (reducing || !arrived.TryAdd(device, (weight, gradients)))
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
            return sum!;
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

    /// <summary>Checks the contributions and sizes the sum (under the lock, by the last to arrive).</summary>
    private void Prepare()
    {
        IReadOnlyList<float[]>? first = null;
        contributions.Clear();
        foreach (var a in arrived.Values)
        {
            contributions.Add(a);
            if (first is null && a.Gradients.Count > 0) first = a.Gradients;
        }
        if (first is null) throw new InvalidOperationException("no replica contributed gradients to the all-reduce");
        var fits = sum is not null && sum.Length == first.Count;
        for (var i = 0; fits && i < first.Count; i++) fits = sum![i].Length == first[i].Length;
        if (!fits) sum = first.Select(g => new float[g.Length]).ToArray();
        foreach (var (_, gradients) in contributions)
        {
            if (gradients.Count == 0) continue; // a replica without samples this step
            if (gradients.Count != sum!.Length) throw new InvalidOperationException($"a replica sent {gradients.Count} gradients, expected {sum.Length}");
            for (var i = 0; i < sum.Length; i++)
                if (gradients[i].Length != sum[i].Length)
                    throw new InvalidOperationException($"gradient {i} holds {gradients[i].Length} values, expected {sum[i].Length}");
        }
    }

    /// <summary>
    /// Sums slice <paramref name="rank"/> of <paramref name="count"/> of the flat parameter
    /// vector (all parameters end to end) over every contribution, in device order. Each element
    /// gets the same operations in the same order as a one-thread sum, so the result is identical.
    /// </summary>
    private void ReduceSlice(int rank, int count)
    {
        var total = 0L;
        foreach (var s in sum!) total += s.Length;
        // Slice bounds on a 64-float grid keep the vector loop aligned with the serial one.
        var per = ((total + count - 1) / count + 63) / 64 * 64;
        long lo = Math.Min(total, rank * per), hi = Math.Min(total, lo + per), offset = 0;
        for (var i = 0; i < sum.Length && offset < hi; offset += sum[i].Length, i++)
        {
            long from = Math.Max(lo, offset), to = Math.Min(hi, offset + sum[i].Length);
            if (from >= to) continue;
            var target = sum[i].AsSpan((int)(from - offset), (int)(to - from));
            target.Clear();
            foreach (var (weight, gradients) in contributions)
                if (gradients.Count > 0)
                    GradientSum.AddScaled(target, gradients[i].AsSpan((int)(from - offset), (int)(to - from)), weight);
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

namespace Trainer.Worker;

/// <summary>
/// Where in-process CPU replicas sum their gradients. Each replica of a round (a step and
/// attempt) hands in its gradient in flat order (a <see cref="GradientView"/>: its flat buffer,
/// or the tensors its backward just produced) with its weight n_i / N (<c>Join</c>);
/// once all are in, every participant reduces its own share of the flat vector
/// (<see cref="Reduce"/>): it sums that share over all contributions,
/// in device order (so the result depends neither on who was fastest nor on the slicing), then
/// <see cref="Publish"/> waits until every share is done. The work is split over the replicas'
/// threads, through shared memory: no copy in, no copy out.
/// Two destinations for the sum:
/// - all-reduce mode (no master): written back into EVERY participant's buffer (a
///   reduce-scatter and all-gather); each replica then steps its own optimizer.
/// - parameter-server mode (<see cref="MasterShards"/>): written into the master's gradient,
///   lane by lane, and each participant then steps the master's optimizer on its own lanes
///   (<see cref="StepMaster"/>): a sharded parameter server whose servers are the replicas'
///   threads. The replicas compute on the master's weights in place, so once published the
///   update is their next step's weights, with no broadcast copy.
/// Ownership: between joining and publishing, a participant's buffer belongs to the round
/// (others read, and in all-reduce mode write, their shares of it); the caller must not touch it.
/// Nobody hangs: a participant that fails calls <see cref="Abort"/>, and a wait longer than the
/// timeout aborts the round too; waiters then get <see cref="RendezvousAbortedException"/> with
/// their buffers and weights untouched, so the step can be redone. The exception is a failure
/// inside the master's optimizer step, after some lanes may have been updated: that round ends
/// with <see cref="MasterUpdateFailedException"/>, which must not be redone.
/// </summary>
public sealed class GradientRendezvous
{
    /// <summary>Floats summed per pass: the running sum of a block stays in L1 while every contribution is added.</summary>
    private const int Block = 2048;

    private readonly object gate = new();
    private readonly TimeSpan timeout;
    // The newest round. Each round keeps its own state: a fast replica may join the next round
    // while a slow one is still waking from this one's Publish, and must not disturb it.
    private RendezvousRound current = new(-1, -1);
    // Later rounds aborted before anyone joined them: whoever enters one is turned away.
    private readonly Dictionary<(long Step, int Attempt), string> cancelled = new();

    public GradientRendezvous(TimeSpan timeout, MasterShards? master = null)
    {
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "the all-reduce timeout must be positive");
        this.timeout = timeout;
        Master = master;
    }

    /// <summary>Parameter-server mode: the sharded master the sum goes to; null in all-reduce mode.</summary>
    public MasterShards? Master { get; }

    /// <summary>
    /// All-reduce mode in one call: contributes <paramref name="gradients"/> weighted by
    /// <paramref name="weight"/> and returns once it holds the weighted sum over all participants.
    /// A replica without samples this step passes <paramref name="hasSamples"/> false: its buffer
    /// only receives the sum.
    /// </summary>
    public void AllReduce(long step, int attempt, int participants, int device, float weight, float[] gradients, bool hasSamples = true) =>
        AllReduce(step, attempt, participants, device, weight, GradientView.Of(gradients), hasSamples);

    /// <inheritdoc cref="AllReduce(long, int, int, int, float, float[], bool)"/>
    public void AllReduce(long step, int attempt, int participants, int device, float weight, GradientView gradients, bool hasSamples = true)
    {
        var ticket = Join(step, attempt, participants, device, weight, gradients, hasSamples);
        Reduce(ticket);
        Publish(ticket);
    }

    /// <summary>
    /// Contributes <paramref name="gradients"/> weighted by <paramref name="weight"/> to round
    /// <paramref name="step"/>/<paramref name="attempt"/> and returns once all
    /// <paramref name="participants"/> have: the ticket for this participant's share of the work.
    /// </summary>
    public RendezvousTicket Join(long step, int attempt, int participants, int device, float weight, float[] gradients, bool hasSamples = true) =>
        Join(step, attempt, participants, device, weight, GradientView.Of(gradients), hasSamples);

    /// <inheritdoc cref="Join(long, int, int, int, float, float[], bool)"/>
    public RendezvousTicket Join(long step, int attempt, int participants, int device, float weight, GradientView gradients, bool hasSamples = true)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (participants < 1) throw new ArgumentOutOfRangeException(nameof(participants), "an all-reduce needs at least one participant");
        var deadline = DateTime.UtcNow + timeout;
        RendezvousRound round;
        lock (gate)
        {
            round = Enter(step, attempt);
            if (round.AbortReason is not null) throw Aborted(round);
            if (round.Reducing || !round.Arrived.TryAdd(device, new Contribution(weight, gradients, hasSamples)))
                throw new InvalidOperationException($"device {device} joined the all-reduce of step {step} (attempt {attempt}) twice");
            if (round.Arrived.Count == participants)
            {
                try
                {
                    Prepare(round);
                }
                catch (Exception e)
                {
                    round.AbortReason = e.Message;
                    Monitor.PulseAll(gate);
                    throw;
                }
                round.Reducing = true;
                Monitor.PulseAll(gate);
                return new RendezvousTicket(round, RankOf(round, device), participants);
            }
        }
        // The others are usually a moment away: spin before paying a sleep and wake-up. Here the
        // wait is for the slowest replica's forward and backward, which on a busy 2-core guest
        // often run a millisecond behind; a sleeper's wake-up then lands on the critical path of
        // the whole round (its share of the sum starts late), so this spin is the longer one.
        SpinFor(() => Volatile.Read(ref round.Reducing) || Volatile.Read(ref round.AbortReason) is not null, JoinSpin);
        lock (gate)
        {
            while (!round.Reducing && round.AbortReason is null)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    round.AbortReason = $"timed out after {timeout.TotalSeconds:0.#} s waiting for {participants - round.Arrived.Count} of {participants} replicas";
                    Monitor.PulseAll(gate);
                    break;
                }
                Monitor.Wait(gate, left);
            }
            if (round.AbortReason is not null) throw Aborted(round);
            return new RendezvousTicket(round, RankOf(round, device), participants);
        }
    }

    /// <summary>
    /// Sums this participant's share, outside the lock: its slice of the flat vector into every
    /// buffer (all-reduce mode), or its lanes into the master's gradient (parameter-server mode).
    /// </summary>
    public void Reduce(RendezvousTicket ticket)
    {
        try
        {
            if (Master is null) ReduceSlice(ticket.Round.Contributions, ticket.Rank, ticket.Participants);
            else
                for (var lane = ticket.Rank; lane < Master.Lanes; lane += ticket.Participants)
                    SumInto(ticket.Round.Contributions, Master.Parameters.Gradients, Master.Start(lane), Master.End(lane), everyBuffer: false);
        }
        catch (Exception e)
        {
            Fail(ticket.Round, e.Message, halfUpdated: false);
            throw;
        }
    }

    /// <summary>
    /// Parameter-server mode: steps the master's optimizer on this participant's lanes (after
    /// <see cref="Reduce"/>). <paramref name="beforeLanes"/> runs first, inside the step (a test
    /// hook's failure there is a failure of the update).
    /// </summary>
    public void StepMaster(RendezvousTicket ticket, Action? beforeLanes = null)
    {
        var master = Master ?? throw new InvalidOperationException("this rendezvous has no master to step (all-reduce mode)");
        try
        {
            beforeLanes?.Invoke();
            for (var lane = ticket.Rank; lane < master.Lanes; lane += ticket.Participants) master.Step(lane);
        }
        catch (Exception e)
        {
            // Other lanes may be updated already: the master is neither the old weights nor the new.
            Fail(ticket.Round, $"the master's optimizer step failed: {e.Message}", halfUpdated: true);
            throw new MasterUpdateFailedException(ticket.Step, e.Message, e);
        }
    }

    /// <summary>Marks this participant's share done and returns once every share is: the round's result is complete.</summary>
    public void Publish(RendezvousTicket ticket)
    {
        var round = ticket.Round;
        lock (gate)
        {
            if (++round.SharesDone == ticket.Participants)
            {
                round.Published = true;
                Monitor.PulseAll(gate);
            }
        }
        SpinFor(() => Volatile.Read(ref round.Published) || Volatile.Read(ref round.AbortReason) is not null, PublishSpin);
        lock (gate)
        {
            // No timeout here: every participant has arrived and is only summing.
            while (!round.Published && round.AbortReason is null) Monitor.Wait(gate);
            if (!round.Published) throw Aborted(round);
        }
    }

    /// <summary>
    /// Ends round <paramref name="step"/>/<paramref name="attempt"/> without a result, whether
    /// or not anyone has joined it yet: a participant failed, or the coordinator redoes the step
    /// with a new attempt. Whoever joins or waits in it gets <see cref="RendezvousAbortedException"/>.
    /// No effect on an older round, or on one whose reduction has begun: by then every
    /// participant has contributed, so none of them failed before the reduction.
    /// </summary>
    public void Abort(long step, int attempt, string reason)
    {
        lock (gate)
        {
            var key = (step, attempt);
            if (key.CompareTo(current.Key) > 0) cancelled[key] = reason;
            else if (key == current.Key && !current.Reducing && current.AbortReason is null)
            {
                current.AbortReason = reason;
                Monitor.PulseAll(gate);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="device"/> has handed its gradient to round
    /// <paramref name="step"/>/<paramref name="attempt"/> (the newest): then it is waiting for
    /// the others, or summing, not stuck before the rendezvous. For the coordinator's step deadline.
    /// </summary>
    public bool HasJoined(long step, int attempt, int device)
    {
        lock (gate) return current.Key == (step, attempt) && current.Arrived.ContainsKey(device);
    }

    private void Fail(RendezvousRound round, string reason, bool halfUpdated)
    {
        lock (gate)
        {
            round.AbortReason ??= reason;
            round.MasterHalfUpdated |= halfUpdated;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>The exception for an abandoned round (under the lock).</summary>
    private static Exception Aborted(RendezvousRound round) => round.MasterHalfUpdated
        ? new MasterUpdateFailedException(round.Step, round.AbortReason!)
        : new RendezvousAbortedException(round.Step, round.Attempt, round.AbortReason!);

    /// <summary>The round <paramref name="step"/>/<paramref name="attempt"/>: the current one, or a new current one (under the lock).</summary>
    private RendezvousRound Enter(long step, int attempt)
    {
        var key = (step, attempt);
        if (key == current.Key) return current;
        // An older round than the newest: the coordinator has already moved past it (a later
        // attempt of the step, after a device failed), so its latecomers are turned away, healthy.
        if (key.CompareTo(current.Key) < 0)
            throw new RendezvousAbortedException(step, attempt, $"superseded: step {current.Step} (attempt {current.Attempt}) has begun");
        current = new RendezvousRound(step, attempt);
        if (cancelled.Remove(key, out var reason)) current.AbortReason = reason;
        foreach (var old in cancelled.Keys.Where(k => k.CompareTo(key) < 0).ToList()) cancelled.Remove(old);
        return current;
    }

    /// <summary>This device's position among the round's participants (device order).</summary>
    private static int RankOf(RendezvousRound round, int device)
    {
        var rank = 0;
        foreach (var key in round.Arrived.Keys)
        {
            if (key == device) break;
            rank++;
        }
        return rank;
    }

    /// <summary>How long a replica spins at Join before sleeping: measured best of 0.2, 1, 2 and 5 ms (A/B in bench/RESULTS.md).</summary>
    private static readonly long JoinSpin = System.Diagnostics.Stopwatch.Frequency / 500;

    /// <summary>How long at Publish: the shares of the sum are equal, so the others finish within microseconds.</summary>
    private static readonly long PublishSpin = System.Diagnostics.Stopwatch.Frequency / 5000;

    /// <summary>Spins (never sleeps, but yields the core now and then) for at most <paramref name="ticks"/> or until <paramref name="done"/>.</summary>
    private static void SpinFor(Func<bool> done, long ticks)
    {
        var until = System.Diagnostics.Stopwatch.GetTimestamp() + ticks;
        var spinner = new SpinWait();
        while (!done() && System.Diagnostics.Stopwatch.GetTimestamp() < until) spinner.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>Checks the contributions (under the lock, by the last to arrive).</summary>
    private void Prepare(RendezvousRound round)
    {
        var contributions = round.Contributions;
        contributions.AddRange(round.Arrived.Values);
        if (!contributions.Any(c => c.HasSamples)) throw new InvalidOperationException("no replica contributed gradients to the all-reduce");
        var length = Master?.Parameters.Numel ?? contributions[0].Buffer.Length;
        foreach (var c in contributions)
            if (c.Buffer.Length != length)
                throw new InvalidOperationException($"a replica's gradient buffer holds {c.Buffer.Length} values, {(Master is null ? "another's" : "the master's")} {length}: the replicas differ in layout");
    }

    /// <summary>
    /// All-reduce mode: reduces slice <paramref name="rank"/> of <paramref name="count"/> of the
    /// flat vector into every participant's buffer.
    /// </summary>
    private static void ReduceSlice(List<Contribution> contributions, int rank, int count)
    {
        var (lo, hi) = FlatSlices.Of(contributions[0].Buffer.Length, count, rank);
        SumInto(contributions, null, lo, hi, everyBuffer: true);
    }

    /// <summary>
    /// Block by block over [<paramref name="lo"/>, <paramref name="hi"/>): sums the contributions
    /// in device order into a scratch block (in L1), then writes it to <paramref name="target"/>
    /// and, with <paramref name="everyBuffer"/>, into every participant's buffer. A block ends
    /// early where any contribution's memory run does (a parameter's end, in a fresh layout).
    /// Each element gets the same operations in the same order as a one-thread sum
    /// (0 + w0*g0 + w1*g1 ...), so the result is identical whatever the slicing; nobody else
    /// touches this range meanwhile.
    /// </summary>
    private static void SumInto(List<Contribution> contributions, float[]? target, long lo, long hi, bool everyBuffer)
    {
        Span<float> scratch = stackalloc float[Block];
        for (var from = lo; from < hi;)
        {
            var length = (int)Math.Min(Block, hi - from);
            foreach (var c in contributions) length = (int)Math.Min(length, c.Buffer.Contiguous(from));
            var sum = scratch[..length];
            sum.Clear();
            foreach (var c in contributions)
                if (c.HasSamples) GradientSum.AddScaled(sum, c.Buffer.Span(from, length), c.Weight);
            if (target is not null) sum.CopyTo(target.AsSpan((int)from, length));
            if (everyBuffer)
                foreach (var c in contributions) sum.CopyTo(c.Buffer.Span(from, length));
            from += length;
        }
    }
}

/// <summary>A participant's place in one round of a <see cref="GradientRendezvous"/>, from <c>GradientRendezvous.Join</c>.</summary>
public sealed class RendezvousTicket
{
    internal RendezvousTicket(RendezvousRound round, int rank, int participants)
    {
        Round = round;
        Rank = rank;
        Participants = participants;
    }

    internal RendezvousRound Round { get; }
    public long Step => Round.Step;
    public int Attempt => Round.Attempt;
    public int Rank { get; }
    public int Participants { get; }
}

/// <summary>One contribution to a round: a replica's gradient buffer and its weight n_i / N.</summary>
internal readonly record struct Contribution(float Weight, GradientView Buffer, bool HasSamples);

/// <summary>The state of one round (a step and attempt) of a <see cref="GradientRendezvous"/>; guarded by its gate.</summary>
internal sealed class RendezvousRound(long step, int attempt)
{
    public long Step { get; } = step;
    public int Attempt { get; } = attempt;
    public (long Step, int Attempt) Key => (Step, Attempt);
    public SortedDictionary<int, Contribution> Arrived { get; } = new();
    /// <summary>Checked and frozen by the last to arrive; read outside the lock by the reducers.</summary>
    public List<Contribution> Contributions { get; } = new();
    public string? AbortReason;
    public bool MasterHalfUpdated;
    public bool Published;
    public bool Reducing;
    public int SharesDone;
}

/// <summary>The all-reduce round was abandoned; the replica must not apply the step.</summary>
public sealed class RendezvousAbortedException(long step, int attempt, string reason)
    : Exception($"all-reduce of step {step} (attempt {attempt}) aborted: {reason}")
{
    public long Step { get; } = step;
    public int Attempt { get; } = attempt;
}

/// <summary>
/// The master's optimizer step failed part-way (parameter-server mode): some lanes may hold the
/// new weights and others the old, so the step can be neither redone nor kept.
/// </summary>
public sealed class MasterUpdateFailedException(long step, string reason, Exception? inner = null)
    : Exception($"step {step}: the master's update failed part-way, its weights are no longer consistent: {reason}", inner)
{
    public long Step { get; } = step;
}

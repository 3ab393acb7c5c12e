namespace Trainer.Worker;

/// <summary>
/// The in-process all-reduce the replicas meet in (all-reduce mode). Each replica of a round
/// (a step and attempt) hands in its mean-loss gradients with its weight n_i / N; the last to
/// arrive computes sum_i w_i g_i in device order (so the result does not depend on who was
/// fastest) and publishes it; everyone returns the same read-only arrays.
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
        lock (gate)
        {
            Enter(step, attempt);
            if (abortReason is not null) throw new RendezvousAbortedException(step, attempt, abortReason);
            if (published || !arrived.TryAdd(device, (weight, gradients)))
                throw new InvalidOperationException($"device {device} joined the all-reduce of step {step} (attempt {attempt}) twice");
            if (arrived.Count == participants)
            {
                try
                {
                    Reduce();
                }
                catch (Exception e)
                {
                    abortReason = e.Message;
                    Monitor.PulseAll(gate);
                    throw;
                }
                published = true;
                Monitor.PulseAll(gate);
                return sum!;
            }
            var deadline = DateTime.UtcNow + timeout;
            while (!published && abortReason is null)
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
            return sum!;
        }
    }

    /// <summary>
    /// Ends the round <paramref name="step"/>/<paramref name="attempt"/> without a result (a
    /// participant failed). Has no effect once the sum is published: by then every participant
    /// has contributed, so none of them failed before the reduction.
    /// </summary>
    public void Abort(long step, int attempt, string reason)
    {
        lock (gate)
        {
            if ((step, attempt).CompareTo(round) < 0) return; // an older round is over already
            Enter(step, attempt);
            if (published || abortReason is not null) return;
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
    }

    private void Reduce()
    {
        var first = arrived.Values.Select(a => a.Gradients).FirstOrDefault(g => g.Count > 0)
            ?? throw new InvalidOperationException("no replica contributed gradients to the all-reduce");
        if (sum is null || sum.Length != first.Count || sum.Where((s, i) => s.Length != first[i].Length).Any())
            sum = first.Select(g => new float[g.Length]).ToArray();
        foreach (var s in sum) Array.Clear(s);
        foreach (var (weight, gradients) in arrived.Values)
        {
            if (gradients.Count == 0) continue; // a replica without samples this step
            if (gradients.Count != sum.Length) throw new InvalidOperationException($"a replica sent {gradients.Count} gradients, expected {sum.Length}");
            for (var i = 0; i < sum.Length; i++) GradientSum.AddScaled(sum[i], gradients[i], weight);
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

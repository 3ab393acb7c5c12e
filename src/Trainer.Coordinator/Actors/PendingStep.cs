using Trainer.Shared.Actors;

namespace Trainer.Coordinator.Actors;

/// <summary>
/// The coordinator's book-keeping for the step in flight: which devices still owe which
/// samples, the figures gathered so far, and the failures seen. Lives only on the coordinator's
/// thread.
/// </summary>
internal sealed class PendingStep(long step, long[] indices, IActorRef replyTo)
{
    public long Step { get; } = step;
    public long[] Indices { get; } = indices;
    public int BatchTotal => Indices.Length;
    public IActorRef ReplyTo { get; } = replyTo;

    /// <summary>When the step started, on the run's trace clock (its "step" span when the coordinator sums).</summary>
    public double StartedUs { get; init; }

    /// <summary>Parameter-server mode: the shards each device still owes, in the order sent (a device answers in order).</summary>
    public Dictionary<int, Queue<long[]>> Outstanding { get; } = new();

    /// <summary>Rendezvous steps: the current attempt, and the devices whose answer to it is still due.</summary>
    public int Attempt { get; set; }
    public HashSet<int> Awaiting { get; } = new();
    public bool Aborted { get; set; }
    /// <summary>Replicas that answered the attempt with the step applied, and the checksums of those holding their own weights.</summary>
    public int Stepped { get; set; }
    public List<double> Checksums { get; } = new();

    /// <summary>
    /// Rendezvous steps: every replica answered the attempt, none aborted, and their checksums
    /// agreed (a disagreement fails the run at once); it completes once the steps before it have.
    /// </summary>
    public bool Applied => Awaiting.Count == 0 && !Aborted && Stepped > 0;

    /// <summary>Samples each device computed in this step (the attempt that was applied); devices without any are absent.</summary>
    public Dictionary<int, int> RowsByDevice { get; } = new();
    public int Count => RowsByDevice.Values.Sum();

    /// <summary>Parameter-server mode: whether a shard's gradients are in the master's sum yet (figures are added after the gradients).</summary>
    public bool AnyGradientsSummed => RowsByDevice.Count > 0;
    public double LossSum { get; set; }
    public long Correct { get; set; }
    public List<string> Failures { get; } = new();

    public bool NothingOutstanding => Outstanding.Values.All(q => q.Count == 0);

    public void Expect(int device, long[] shard)
    {
        if (!Outstanding.TryGetValue(device, out var queue)) Outstanding[device] = queue = new Queue<long[]>();
        queue.Enqueue(shard);
    }

    /// <summary>Every sample a device still owes (its shards, concatenated), and forgets them.</summary>
    public long[] TakeOutstanding(int device)
    {
        if (!Outstanding.Remove(device, out var queue)) return [];
        return queue.SelectMany(s => s).ToArray();
    }

    public void AddFigures(int device, int count, double lossSum, long correct)
    {
        if (count > 0) RowsByDevice[device] = RowsByDevice.GetValueOrDefault(device) + count;
        LossSum += lossSum;
        Correct += correct;
    }

    public void ResetAttemptFigures()
    {
        RowsByDevice.Clear();
        LossSum = 0;
        Correct = 0;
        Stepped = 0;
        Checksums.Clear();
        Aborted = false;
        Awaiting.Clear();
    }
}

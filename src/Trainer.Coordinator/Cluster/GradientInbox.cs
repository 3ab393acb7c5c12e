using Trainer.Shared.Wire;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The gradients the coordinator waits for, per device: the step and weights version a stand-in
/// asked for (once per shard sent), and the shard's sample count. An upload is taken only when
/// it matches one of these, with the shard's count and the model's exact length: anything else
/// (another step, a stale version, a device its worker does not own, a wrong count or length) is
/// refused at the edge and never reaches an actor. The count matters as much as the length: the
/// coordinator weights each shard's gradient by its count, so an upload claiming another count
/// would skew the update (or, claiming none, drop the shard's samples from the step).
/// </summary>
public sealed class GradientInbox(WorkerDirectory workers, long modelValues)
{
    private readonly object gate = new();
    private readonly Dictionary<int, List<(long Step, long Version, int Count, IActorRef StandIn)>> expected = new();
    private readonly UploadBuffers buffers = new(modelValues);

    public long ModelValues => modelValues;

    /// <summary>A stand-in sent device <paramref name="device"/> a shard of <paramref name="count"/> samples of <paramref name="step"/> on <paramref name="version"/>.</summary>
    public void Expect(int device, long step, long version, int count, IActorRef standIn)
    {
        lock (gate)
        {
            if (!expected.TryGetValue(device, out var list)) expected[device] = list = new();
            list.Add((step, version, count, standIn));
        }
    }

    /// <summary>Forgets every expectation of <paramref name="device"/> (it is out of the run).</summary>
    public void Forget(int device)
    {
        lock (gate) expected.Remove(device);
    }

    /// <summary>Checks the stamps of an upload's first chunk; returns the assembler for its values (into a buffer reused across steps, <see cref="UploadBuffers"/>).</summary>
    public FloatChunks.Assembler Open(GradientChunk first)
    {
        var worker = workers.Live(first.WorkerId) ?? throw new WireException($"worker {first.WorkerId} is not a live member of this run", stale: true);
        if (!worker.DeviceIds.Contains(first.DeviceId)) throw new WireException($"device {first.DeviceId} is not one of worker {first.WorkerId}'s");
        if (first.Count < 0) throw new WireException($"a shard of {first.Count} samples");
        lock (gate)
        {
            if (!expected.TryGetValue(first.DeviceId, out var list) || !list.Any(e => e.Step == first.Step && e.Version == first.WeightsVersion))
                throw new WireException($"no gradient of step {first.Step} on weights version {first.WeightsVersion} is awaited from device {first.DeviceId}"
                    + (list is { Count: > 0 } ? $" (awaited: step {list[0].Step}, version {list[0].Version})" : ""), stale: true);
            if (!list.Any(e => e.Step == first.Step && e.Version == first.WeightsVersion && e.Count == first.Count))
                throw new WireException($"a gradient of {first.Count} samples for step {first.Step} of device {first.DeviceId}, whose shard(s) of that step have "
                    + string.Join(" or ", list.Where(e => e.Step == first.Step).Select(e => e.Count)) + " samples");
        }
        var length = first.Count == 0 ? 0 : modelValues;
        if (first.TotalValues != length)
            throw new WireException($"a gradient of {first.TotalValues} values for a model of {modelValues} (shard of {first.Count} samples)");
        return new FloatChunks.Assembler(length == 0 ? [] : buffers.For(first.Step));
    }

    /// <summary>A later chunk must carry the first one's stamps.</summary>
    public static void CheckSameStamps(GradientChunk first, GradientChunk next)
    {
        if (next.WorkerId != first.WorkerId || next.DeviceId != first.DeviceId || next.Step != first.Step
            || next.WeightsVersion != first.WeightsVersion || next.TotalValues != first.TotalValues || next.Count != first.Count)
            throw new WireException("the chunks of one upload carry different stamps (worker, device, step, version, length, sample count)");
    }

    /// <summary>The shard's figures (read from the last chunk) must be possible: they feed the run's loss and accuracy.</summary>
    public static void CheckFigures(GradientChunk last)
    {
        if (last.Correct < 0 || last.Correct > last.Count)
            throw new WireException($"{last.Correct} correct predictions in a shard of {last.Count} samples");
        if (!double.IsFinite(last.ComputeSeconds) || last.ComputeSeconds < 0)
            throw new WireException($"a compute time of {last.ComputeSeconds} s");
    }

    /// <summary>Hands a whole, valid gradient to the stand-in that asked for it (once: a replay is refused).</summary>
    public void Deliver(GradientChunk last, float[] gradients)
    {
        IActorRef standIn;
        lock (gate)
        {
            var list = expected.GetValueOrDefault(last.DeviceId);
            var i = list?.FindIndex(e => e.Step == last.Step && e.Version == last.WeightsVersion && e.Count == last.Count) ?? -1;
            if (i < 0) throw new WireException($"step {last.Step} of device {last.DeviceId} is no longer awaited", stale: true);
            standIn = list![i].StandIn;
            list.RemoveAt(i);
        }
        standIn.Tell(new GradientsArrived(last.Step, last.Count, last.LossSum, last.Correct, gradients, last.ComputeSeconds));
    }
}

using Trainer.Shared.Wire;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The gradients the coordinator waits for, per device: the step and weights version a stand-in
/// asked for (once per shard sent). An upload is taken only when it matches one of these and
/// has the model's exact length: anything else (another step, a stale version, a device its
/// worker does not own, a wrong length) is refused at the edge and never reaches an actor.
/// </summary>
public sealed class GradientInbox(WorkerDirectory workers, long modelValues)
{
    private readonly object gate = new();
    private readonly Dictionary<int, List<(long Step, long Version, IActorRef StandIn)>> expected = new();

    public long ModelValues => modelValues;

    /// <summary>A stand-in sent device <paramref name="device"/> a shard of <paramref name="step"/> on <paramref name="version"/>.</summary>
    public void Expect(int device, long step, long version, IActorRef standIn)
    {
        lock (gate)
        {
            if (!expected.TryGetValue(device, out var list)) expected[device] = list = new();
            list.Add((step, version, standIn));
        }
    }

    /// <summary>Forgets every expectation of <paramref name="device"/> (it is out of the run).</summary>
    public void Forget(int device)
    {
        lock (gate) expected.Remove(device);
    }

    /// <summary>Checks the stamps of an upload's first chunk; returns the assembler for its values.</summary>
    public FloatChunks.Assembler Open(GradientChunk first)
    {
        var worker = workers.Live(first.WorkerId) ?? throw new WireException($"worker {first.WorkerId} is not a live member of this run", stale: true);
        if (!worker.DeviceIds.Contains(first.DeviceId)) throw new WireException($"device {first.DeviceId} is not one of worker {first.WorkerId}'s");
        if (first.Count < 0) throw new WireException($"a shard of {first.Count} samples");
        var length = first.Count == 0 ? 0 : modelValues;
        if (first.TotalValues != length)
            throw new WireException($"a gradient of {first.TotalValues} values for a model of {modelValues} (shard of {first.Count} samples)");
        lock (gate)
        {
            if (!expected.TryGetValue(first.DeviceId, out var list) || !list.Any(e => e.Step == first.Step && e.Version == first.WeightsVersion))
                throw new WireException($"no gradient of step {first.Step} on weights version {first.WeightsVersion} is awaited from device {first.DeviceId}"
                    + (list is { Count: > 0 } ? $" (awaited: step {list[0].Step}, version {list[0].Version})" : ""), stale: true);
        }
        return new FloatChunks.Assembler(length);
    }

    /// <summary>A later chunk must carry the first one's stamps.</summary>
    public static void CheckSameStamps(GradientChunk first, GradientChunk next)
    {
        if (next.WorkerId != first.WorkerId || next.DeviceId != first.DeviceId || next.Step != first.Step
            || next.WeightsVersion != first.WeightsVersion || next.TotalValues != first.TotalValues)
            throw new WireException("the chunks of one upload carry different stamps (worker, device, step, version, length)");
    }

    /// <summary>Hands a whole, valid gradient to the stand-in that asked for it (once: a replay is refused).</summary>
    public void Deliver(GradientChunk last, float[] gradients)
    {
        IActorRef standIn;
        lock (gate)
        {
            var list = expected.GetValueOrDefault(last.DeviceId);
            var i = list?.FindIndex(e => e.Step == last.Step && e.Version == last.WeightsVersion) ?? -1;
            if (i < 0) throw new WireException($"step {last.Step} of device {last.DeviceId} is no longer awaited", stale: true);
            standIn = list![i].StandIn;
            list.RemoveAt(i);
        }
        standIn.Tell(new GradientsArrived(last.Step, last.Count, last.LossSum, last.Correct, gradients, last.ComputeSeconds));
    }
}

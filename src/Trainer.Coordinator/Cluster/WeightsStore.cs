using Trainer.Shared.Wire;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The master's weights as the tensor service serves them: one version at a time, the one the
/// coordinator broadcast last. It holds the master's own value buffer, not a copy: the master
/// writes that buffer again only in the next step's optimizer step, which runs after every live
/// device has answered that step, and a device answers only after downloading the version its
/// step names. A worker asking for another version is refused (it is stale, or ahead).
/// </summary>
public sealed class WeightsStore
{
    private readonly object gate = new();
    private long version = -1;
    private float[] values = [];

    public void Publish(long newVersion, float[] newValues)
    {
        lock (gate)
        {
            if (newVersion < version) return; // a stand-in relaying an older broadcast late
            version = newVersion;
            values = newValues;
        }
    }

    /// <summary>Serves nothing until the next publish: a run that goes on after losing every worker counts its versions from 0 again.</summary>
    public void Reset()
    {
        lock (gate)
        {
            version = -1;
            values = [];
        }
    }

    /// <summary>The weights of <paramref name="wanted"/>, or a refusal naming the version served.</summary>
    public float[] Get(long wanted)
    {
        lock (gate)
        {
            if (wanted != version) throw new WireException($"weights version {wanted} is not served (the current version is {version})", stale: true);
            return values;
        }
    }
}

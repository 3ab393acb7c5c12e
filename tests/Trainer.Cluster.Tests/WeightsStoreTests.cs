using Trainer.Coordinator.Cluster;
using Trainer.Shared.Wire;

namespace Trainer.Cluster.Tests;

/// <summary>The weights the tensor service serves when a run goes on after losing every worker (its versions count from 0 again).</summary>
public sealed class WeightsStoreTests
{
    [Fact]
    public void Reset_AfterARun_OldVersionRefusedAndVersionZeroOfTheNextServed()
    {
        var store = new WeightsStore();
        store.Publish(57, [1f, 2f]);

        store.Reset();

        Assert.True(Assert.Throws<WireException>(() => store.Get(57)).Stale);
        store.Publish(0, [3f]);
        Assert.Equal([3f], store.Get(0));
    }
}

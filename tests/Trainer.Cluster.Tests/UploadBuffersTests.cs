using Trainer.Coordinator.Cluster;

namespace Trainer.Cluster.Tests;

/// <summary>
/// The buffers uploads are assembled into: never two uploads of one step in one buffer (a step
/// redone on a survivor sends a second shard of that step while the first may not be summed yet),
/// and a buffer of an earlier step is taken again instead of a new one.
/// </summary>
public sealed class UploadBuffersTests
{
    [Fact]
    public void For_TheSameStepTwice_GivesTwoBuffersOfTheModelsLength()
    {
        var buffers = new UploadBuffers(5);

        var first = buffers.For(7);
        var second = buffers.For(7);

        Assert.NotSame(first, second);
        Assert.Equal(5, first.Length);
        Assert.Equal(5, second.Length);
    }

    [Fact]
    public void For_ALaterStep_ReusesTheEarlierStepsBuffersAndAllocatesNoMore()
    {
        var buffers = new UploadBuffers(5);
        var step1 = new[] { buffers.For(1), buffers.For(1) };

        var step2 = new[] { buffers.For(2), buffers.For(2) };
        var step2Extra = buffers.For(2);

        Assert.Equal(step1.ToHashSet(ReferenceEqualityComparer.Instance), step2.ToHashSet(ReferenceEqualityComparer.Instance));
        Assert.DoesNotContain(step1, b => ReferenceEquals(b, step2Extra));
    }

    [Fact]
    public void For_AnEarlierStep_NeverTakesALaterStepsBuffer()
    {
        var buffers = new UploadBuffers(5);
        var later = buffers.For(9);

        // A run that starts its steps again (a new trainer on the same host) gets fresh buffers:
        // a step-9 buffer might still be read by whoever handles step 9.
        Assert.NotSame(later, buffers.For(3));
    }
}

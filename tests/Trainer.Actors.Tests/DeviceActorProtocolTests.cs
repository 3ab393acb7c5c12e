using Trainer.Shared.Messages;
using Trainer.Worker;
using Xunit.Abstractions;

namespace Trainer.Actors.Tests;

/// <summary>
/// One device actor, its parent and sender a TestProbe standing in for the coordinator: the
/// replies of the coordinator ↔ device protocol, in order, with real gradients.
/// </summary>
[Collection(NativeState.Name)]
public sealed class DeviceActorProtocolTests(ITestOutputHelper output) : ActorTest(output)
{
    [Fact]
    public void ComputeGradients_StepsZeroToTwoAfterLoadWeights_RepliesInStepOrderWithFullGradients()
    {
        var data = NewData();
        var coordinator = CreateTestProbe();
        var weights = TestData.Weights(seed: 1); // before any replica is built: it draws from the same global generator
        var device = coordinator.ChildActorOf(DeviceActor.Create(0, Cpu(0), data.Replica()), "cpu-0");
        long[][] shards = [[0, 1, 2], [3, 4, 5, 6, 7], [8]];

        device.Tell(new LoadWeights(0, weights), coordinator);
        for (var step = 0; step < shards.Length; step++) device.Tell(new ComputeGradients(step, shards[step]), coordinator);

        for (var step = 0; step < shards.Length; step++)
        {
            var reply = coordinator.ExpectMsg<GradientsComputed>(Patience);
            Assert.Equal(step, reply.Step);
            Assert.Equal(0, reply.Device);
            Assert.Equal(shards[step].Length, reply.Count);
            Assert.Equal(TestData.Numel, reply.Gradients.Length);
            Assert.True(reply.LossSum > 0, $"step {step}: a cross-entropy loss sum of {reply.LossSum}");
            Assert.InRange(reply.Correct, 0, shards[step].Length);
        }
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void ComputeGradients_AfterLoadWeights_GradientIsPlainBackwardAtThoseWeights()
    {
        var data = NewData();
        var coordinator = CreateTestProbe();
        var weights = TestData.Weights(seed: 5);
        var device = coordinator.ChildActorOf(DeviceActor.Create(3, Cpu(3), data.Replica()), "cpu-3");
        long[] shard = [4, 9, 11, 2, 20];
        var (expected, lossSum) = data.ReferenceGradient(weights, shard);

        // A replica without an optimizer computes on the message's buffer in place: hand it a copy.
        device.Tell(new LoadWeights(0, weights.ToArray()), coordinator);
        device.Tell(new ComputeGradients(1, shard), coordinator);

        var reply = coordinator.ExpectMsg<GradientsComputed>(Patience);
        Assert.Equal(3, reply.Device);
        TestData.AssertClose(expected, reply.Gradients, tolerance: 1e-6);
        Assert.Equal(lossSum, reply.LossSum, 1e-5);
    }

    [Fact]
    public void ComputeGradients_NoSamples_RepliesCountZeroAndEmptyGradient()
    {
        var data = NewData();
        var coordinator = CreateTestProbe();
        var weights = TestData.Weights(seed: 1);
        var device = coordinator.ChildActorOf(DeviceActor.Create(1, Cpu(1), data.Replica()), "cpu-1");
        device.Tell(new LoadWeights(0, weights), coordinator);

        device.Tell(new ComputeGradients(1, []), coordinator);

        var reply = coordinator.ExpectMsg<GradientsComputed>(Patience);
        Assert.Equal((1L, 1, 0, 0.0, 0L), (reply.Step, reply.Device, reply.Count, reply.LossSum, reply.Correct));
        Assert.Empty(reply.Gradients);
    }

    [Fact]
    public void GetWeights_AfterLoadWeights_RepliesTheLoadedVersionAndValuesAsACopy()
    {
        var data = NewData();
        var coordinator = CreateTestProbe();
        var weights = TestData.Weights(seed: 2);
        var device = coordinator.ChildActorOf(DeviceActor.Create(0, Cpu(0), data.Replica()), "cpu-0");

        device.Tell(new LoadWeights(4, weights), coordinator);
        device.Tell(GetWeights.Instance, coordinator);

        var reply = coordinator.ExpectMsg<LoadWeights>(Patience);
        Assert.Equal(4, reply.Version);
        Assert.Equal(weights, reply.Values);
        Assert.NotSame(weights, reply.Values); // a message its receiver may keep: not the replica's live buffer
    }

    [Fact]
    public void TrainStep_PredecessorNotApplied_RefusedWithStepAbortedAndWeightsUntouched()
    {
        var data = NewData();
        var coordinator = CreateTestProbe();
        var rendezvous = new GradientRendezvous(CoordinatorRig.Timeout);
        var weights = TestData.Weights(seed: 1);
        var device = coordinator.ChildActorOf(DeviceActor.Create(0, Cpu(0), data.Replica(rendezvous: rendezvous, ownOptimizer: true)), "cpu-0");
        long[] shard = [0, 1, 2, 3];
        device.Tell(new LoadWeights(0, weights), coordinator);

        // Weights version 0: the next step it can apply is 1.
        device.Tell(new TrainStep(2, 0, shard, shard.Length, 1), coordinator);
        var refused = coordinator.ExpectMsg<StepAborted>(Patience);
        device.Tell(GetWeights.Instance, coordinator);
        var untouched = coordinator.ExpectMsg<LoadWeights>(Patience);

        Assert.Equal((2L, 0, 0, false), (refused.Step, refused.Attempt, refused.Device, refused.Fatal));
        Assert.Contains("cpu:0 has not applied step 1", refused.Reason);
        Assert.Equal(0, untouched.Version);
        Assert.Equal(weights, untouched.Values);
    }

    [Fact]
    public void TrainStep_StepsInOrderThenAReplay_AppliedInOrderAndReplayRefused()
    {
        var data = NewData();
        var coordinator = CreateTestProbe();
        var rendezvous = new GradientRendezvous(CoordinatorRig.Timeout);
        var weights = TestData.Weights(seed: 3);
        var batches = TestData.Batches();
        var expected = data.Reference(batches.Take(2), seed: 3);
        var device = coordinator.ChildActorOf(DeviceActor.Create(0, Cpu(0), data.Replica(rendezvous: rendezvous, ownOptimizer: true)), "cpu-0");
        device.Tell(new LoadWeights(0, weights), coordinator);

        for (var step = 1; step <= 2; step++) device.Tell(new TrainStep(step, 0, batches[step - 1], batches[step - 1].Length, 1), coordinator);
        var first = coordinator.ExpectMsg<ReplicaStepped>(Patience);
        var second = coordinator.ExpectMsg<ReplicaStepped>(Patience);
        device.Tell(new TrainStep(2, 1, batches[1], batches[1].Length, 1), coordinator);
        var replay = coordinator.ExpectMsg<StepAborted>(Patience);
        device.Tell(GetWeights.Instance, coordinator);
        var after = coordinator.ExpectMsg<LoadWeights>(Patience);

        Assert.Equal((1L, 7), (first.Step, first.Count));
        Assert.Equal((2L, 7), (second.Step, second.Count));
        Assert.NotNull(second.Checksum); // a replica with its own weights summarises them
        Assert.Equal((2L, 1, false), (replay.Step, replay.Attempt, replay.Fatal));
        Assert.Contains("cpu:0 has already applied step 2", replay.Reason);
        // One replica alone, all of the batch: its two updates are the plain model's.
        Assert.Equal(2, after.Version);
        TestData.AssertClose(expected, after.Values, tolerance: 1e-6);
    }
}

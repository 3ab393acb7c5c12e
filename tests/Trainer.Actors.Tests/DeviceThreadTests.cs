using Trainer.Coordinator.Actors;
using Trainer.Shared.Actors;
using Trainer.Shared.Messages;
using Trainer.Worker;
using Xunit.Abstractions;

namespace Trainer.Actors.Tests;

/// <summary>
/// The pinned dispatcher's promise, as the replicas see it: each device builds, runs and frees
/// its replica on one dedicated thread of its own (libtorch's grad mode, thread count and
/// TorchSharp's dispose scopes are per thread).
/// </summary>
[Collection(NativeState.Name)]
public sealed class DeviceThreadTests(ITestOutputHelper output) : ActorTest(output)
{
    [Fact]
    public void DeviceActor_TwoDevicesThreeStepsEach_EachOnOneDedicatedThreadOfItsOwn()
    {
        var data = NewData();
        var weights = TestData.Weights(seed: 1);
        var probes = new[] { CreateTestProbe(), CreateTestProbe() };
        var devices = Enumerable.Range(0, 2)
            .Select(i => probes[i].ChildActorOf(DeviceActor.Create(i, Cpu(i), data.Replica()), $"cpu-{i}"))
            .ToArray();
        var batches = TestData.Batches();

        for (var i = 0; i < 2; i++)
        {
            devices[i].Tell(new LoadWeights(0, weights), probes[i]);
            for (var step = 1; step <= 3; step++) devices[i].Tell(new ComputeGradients(step, batches[step - 1]), probes[i]);
        }
        foreach (var probe in probes)
            for (var step = 1; step <= 3; step++) Assert.Equal(step, probe.ExpectMsg<GradientsComputed>(Patience).Step);

        var replicas = data.Log.Replicas;
        Assert.Equal(2, replicas.Count);
        var threads = replicas.Select(r =>
        {
            var sightings = data.Log.Of(r);
            Assert.Equal(3, sightings.Count(s => s.Event == ReplicaEvent.Forward));
            // Built and run on one thread, always the same, and not one of the thread pool's.
            Assert.Single(sightings.Select(s => s.ThreadId).Distinct());
            Assert.All(sightings, s => Assert.False(s.PoolThread, $"replica {r}: {s.Event} on a thread-pool thread"));
            return data.Log.ThreadOf(r);
        }).ToList();
        Assert.NotEqual(threads[0], threads[1]);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, threads);
    }

    [Theory]
    [InlineData(TrainPath.ShardedMaster)]
    [InlineData(TrainPath.AllReduce)]
    public void RunStep_ThreeDevicesUnderTheCoordinator_EachReplicaKeepsOneThreadOfItsOwn(TrainPath path)
    {
        // Rendezvous steps block a device's thread while it waits for the others: it must still
        // come back to the same thread for every later step.
        var data = NewData();
        var rig = NewRig(data, path, "cpu:0,cpu:1,cpu:2");
        var coordinator = Sys.ActorOf(rig.Props, "coordinator");
        var batches = TestData.Batches();

        foreach (var b in batches) coordinator.Tell(new RunStep(b));
        foreach (var b in batches) Assert.Equal(b.Length, ExpectMsg<StepResult>(Patience).Count);

        var replicas = data.Log.Replicas;
        Assert.Equal(3, replicas.Count);
        // A forward per device per step, but for the last batch's 2 samples, which reach two devices only.
        Assert.Equal(3 * 3 + 2, data.Log.Sightings.Count(s => s.Event == ReplicaEvent.Forward));
        foreach (var r in replicas)
        {
            var sightings = data.Log.Of(r);
            Assert.Single(sightings.Select(s => s.ThreadId).Distinct());
            Assert.DoesNotContain(sightings, s => s.PoolThread);
        }
        Assert.Equal(3, replicas.Select(data.Log.ThreadOf).Distinct().Count());
    }

    [Fact]
    public void Create_DeviceAndCoordinatorProps_UseTheConfiguredPinnedDispatcher()
    {
        var data = NewData();
        var rig = NewRig(data, TrainPath.AllReduce, "cpu:0");

        Assert.Equal(TrainerActorSystem.PinnedDispatcher, DeviceActor.Create(0, Cpu(0), data.Replica()).Dispatcher);
        Assert.Equal(TrainerActorSystem.PinnedDispatcher, rig.Props.Dispatcher);
        Assert.True(Sys.Dispatchers.HasDispatcher(TrainerActorSystem.PinnedDispatcher));
        Assert.Equal("PinnedDispatcher", Sys.Settings.Config.GetString($"{TrainerActorSystem.PinnedDispatcher}.type"));
    }
}

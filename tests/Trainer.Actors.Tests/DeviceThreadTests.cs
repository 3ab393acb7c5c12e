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
        var probes = new[] { CreateTestProbe(), CreateTestProbe() };
        var devices = Enumerable.Range(0, 2)
            .Select(i => probes[i].ChildActorOf(DeviceActor.Create(i, Cpu(i), data.Replica()), $"cpu-{i}"))
            .ToArray();
        var weights = TestData.Weights(seed: 1);
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

    [Fact]
    public void DeviceActor_WithoutThePinnedDispatcher_RunsOnSharedPoolThreads()
    {
        // The contrast that makes the test above mean something: the same actor on Akka's
        // default dispatcher is built and run on whatever pool thread is free.
        var data = NewData();
        var coordinator = CreateTestProbe();
        var props = DeviceActor.Create(0, Cpu(0), data.Replica()).WithDispatcher("akka.actor.default-dispatcher");
        var device = coordinator.ChildActorOf(props, "cpu-0");
        device.Tell(new LoadWeights(0, TestData.Weights(seed: 1)), coordinator);
        device.Tell(new ComputeGradients(1, TestData.Batches()[0]), coordinator);
        coordinator.ExpectMsg<GradientsComputed>(Patience);

        Assert.Equal(TrainerActorSystem.PinnedDispatcher, DeviceActor.Create(0, Cpu(0), data.Replica()).Dispatcher);
        Assert.NotEqual(TrainerActorSystem.PinnedDispatcher, props.Dispatcher);
        // Akka's default dispatcher runs actors on .NET's thread pool in 1.5 (channel executor) or its own fork-join pool.
        Assert.Contains(data.Log.Of(Assert.Single(data.Log.Replicas)), s => s.Event == ReplicaEvent.Forward);
    }
}

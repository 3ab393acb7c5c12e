using Trainer.Coordinator.Actors;
using Trainer.Shared.Messages;
using Trainer.Worker;
using Xunit.Abstractions;

namespace Trainer.Actors.Tests;

/// <summary>
/// Failing devices under the coordinator's supervision (DeviceSupervision: every failure stops
/// the device, none restarts it): the device reports, is stopped, and the step is still applied
/// exactly once over the survivors.
/// </summary>
[Collection(NativeState.Name)]
public sealed class SupervisionTests(ITestOutputHelper output) : ActorTest(output)
{
    [Fact]
    public void ComputeGradients_FailureInjectedInForward_RepliesShardFailedThenDeviceStoppedNotRestarted()
    {
        var data = NewData();
        var rig = NewRig(data, TrainPath.CoordinatorSums, "cpu:0,cpu:1", new FailureInjection("cpu:1", Step: 4));
        var coordinator = Sys.ActorOf(rig.Props, "coordinator");
        coordinator.Tell(CheckReplicas.Instance);
        ExpectMsg<Status.Success>(Patience); // every replica is built and holds the master's weights
        var device = Resolve(coordinator.Path / "cpu-1") ?? throw new InvalidOperationException("no device actor cpu-1 under the coordinator");
        var built = data.Log.Instances;
        var sender = CreateTestProbe();
        sender.Watch(device);

        // The supervisor is the real one, the coordinator; this probe only sends the work.
        EventFilter.Error(contains: "device cpu:1 failed and is out of the run").ExpectOne(Patience, () =>
        {
            device.Tell(new ComputeGradients(3, [0, 1]), sender);
            Assert.Equal(3, sender.ExpectMsg<GradientsComputed>(Patience).Step);
            device.Tell(new ComputeGradients(4, [2, 3]), sender);
            var failed = sender.ExpectMsg<ShardFailed>(Patience);
            Assert.Equal((4L, 1, false), (failed.Step, failed.Device, failed.AfterAllReduce));
            Assert.Contains("cpu:1", failed.Reason);
            Assert.Contains("injected failure in forward at step 4", failed.Reason);
            sender.ExpectTerminated(device, Patience);
        });

        // Stopped, not restarted: no replica was built again, and nothing answers at its path.
        Assert.Equal(built, data.Log.Instances);
        Assert.Null(Resolve(coordinator.Path / "cpu-1"));
        Assert.NotNull(Resolve(coordinator.Path / "cpu-0"));
    }

    [Theory]
    [InlineData(TrainPath.ShardedMaster)]
    [InlineData(TrainPath.CoordinatorSums)]
    [InlineData(TrainPath.AllReduce)]
    public void RunStep_DeviceFailsInForward_StepResultNamesItAndEveryStepAppliedOnceOverTheSurvivors(TrainPath path)
    {
        var data = NewData();
        var batches = TestData.Batches();
        var expected = data.Reference(batches, seed: 3);
        var rig = NewRig(data, path, "cpu:0,cpu:1,cpu:2", new FailureInjection("cpu:1", Step: 2));
        var coordinator = Sys.ActorOf(rig.Props, "coordinator");
        coordinator.Tell(CheckReplicas.Instance);
        ExpectMsg<Status.Success>(Patience);
        var failing = Resolve(coordinator.Path / "cpu-1") ?? throw new InvalidOperationException("no device actor cpu-1 under the coordinator");
        var watcher = CreateTestProbe();
        watcher.Watch(failing);

        var results = new List<StepResult>();
        EventFilter.Error(contains: "device cpu:1 failed and is out of the run").ExpectOne(Patience, () =>
        {
            // Every step asked for at once: the later ones are already queued or in the devices' mailboxes when cpu:1 fails.
            foreach (var b in batches) coordinator.Tell(new RunStep(b));
            foreach (var _ in batches) results.Add(ExpectMsg<StepResult>(Patience));
        });
        watcher.ExpectTerminated(failing, Patience);
        coordinator.Tell(SyncMaster.Instance);
        ExpectMsg<Status.Success>(Patience);

        Assert.Equal([1L, 2, 3, 4], results.Select(r => r.Step));
        Assert.Equal(batches.Select(b => b.Length), results.Select(r => r.Count));
        Assert.All(results, r => Assert.Equal(r.Count, r.Rows.Values.Sum()));
        Assert.Empty(results[0].Failures);
        var failure = Assert.Single(results[1].Failures);
        Assert.Contains("cpu:1", failure);
        Assert.Contains("injected failure in forward at step 2", failure);
        Assert.All(results.Skip(2), r => Assert.Empty(r.Failures));
        // From the failed step on, cpu:1's share went to the survivors.
        Assert.All(results.Skip(1), r => Assert.Equal(["cpu:0", "cpu:2"], r.Rows.Keys.Order()));
        // Applied exactly once: the master ends where one plain model trained on the same batches does.
        TestData.AssertClose(expected, rig.MasterValues, tolerance: 1e-5);
    }

    [Fact]
    public void DeviceActor_ModelFactoryThrows_StoppedAndParentSeesTerminated()
    {
        var data = NewData();
        var calls = 0;
        var parent = CreateTestProbe();
        var replica = data.Replica(model: () =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("no memory for the replica");
        });

        // Akka's default supervision: a constructor failure stops the actor. (Named explicitly:
        // Akka.TestKit 1.5.75's ChildActorOf without a strategy fails the parent's own failure
        // handling with a KeyNotFoundException in DelegatingSupervisorStrategy, and the child is never stopped.)
        var device = parent.ChildActorOf(DeviceActor.Create(0, Cpu(0), replica), "cpu-0", SupervisorStrategy.DefaultStrategy);
        parent.Watch(device);
        parent.ExpectTerminated(device, Patience);

        Assert.Equal(1, calls); // never rebuilt
        Assert.Null(Resolve(device.Path));
    }

    [Fact]
    public void CheckReplicas_OneModelFactoryThrows_CoordinatorSeesTheDeviceStopAndFailsTheCheck()
    {
        var data = NewData();
        var calls = 0;
        // The master is built first, on this thread; the second replica's build fails.
        Model Factory() => Interlocked.Increment(ref calls) == 3 ? throw new InvalidOperationException("no memory for the replica") : data.NewModel();
        var rig = NewRig(data, TrainPath.AllReduce, "cpu:0,cpu:1", model: Factory);

        Status.Failure check = null!;
        // The coordinator hears of the stopped device only through Terminated (it was never running a step).
        EventFilter.Error(contains: "failed and is out of the run").ExpectOne(Patience, () =>
        {
            var coordinator = Sys.ActorOf(rig.Props, "coordinator");
            coordinator.Tell(CheckReplicas.Instance);
            check = ExpectMsg<Status.Failure>(Patience);
        });

        Assert.Contains("a device failed to start", check.Cause.Message);
        Assert.Matches("cpu:[01] stopped", check.Cause.Message);
        Assert.Equal(3, calls); // the failed replica was not rebuilt
    }

    [Fact]
    public void RunStep_CoordinatorSumsAndADeviceOwingOnlyAnEmptyShardStops_StepStillApplied()
    {
        // A batch of 2 over 3 devices: cpu:2's shard is empty (it answers only so that the
        // coordinator knows it read the broadcast). cpu:2 stops outside any step (PoisonPill here;
        // a failed LoadWeights copy on a CUDA replica is the same), and its death reaches the
        // coordinator after cpu:0 and cpu:1 have answered (its PostStop takes a while).
        var data = NewData();
        var rig = NewRig(data, TrainPath.CoordinatorSums, "cpu:0,cpu:1,cpu:2",
            model: () => new RecordingMlp(data.Log, disposeDelay: TimeSpan.FromSeconds(1)));
        var coordinator = Sys.ActorOf(rig.Props, "coordinator");
        coordinator.Tell(CheckReplicas.Instance);
        ExpectMsg<Status.Success>(Patience);
        var dying = Resolve(coordinator.Path / "cpu-2") ?? throw new InvalidOperationException("no device actor cpu-2 under the coordinator");

        dying.Tell(PoisonPill.Instance);
        coordinator.Tell(new RunStep([0, 1]));

        var result = ExpectMsg<StepResult>(Patience);
        Assert.Equal(2, result.Count);
    }

    [Fact]
    public void DeviceActor_OptimizerFactoryThrowsAfterTheModelIsBuilt_ModelDisposed()
    {
        // What a failed start must still free, on the device's own thread like every other disposal.
        var data = NewData();
        var parent = CreateTestProbe();
        var replica = data.Replica(rendezvous: new GradientRendezvous(CoordinatorRig.Timeout)) with
        {
            OptimizerFactory = _ => throw new InvalidOperationException("no memory for the optimizer state"),
        };

        var device = parent.ChildActorOf(DeviceActor.Create(0, Cpu(0), replica), "cpu-0", SupervisorStrategy.StoppingStrategy);
        parent.Watch(device);
        parent.ExpectTerminated(device, Patience);

        var built = Assert.Single(data.Log.Sightings, s => s.Event == ReplicaEvent.Constructed);
        var disposed = Assert.Single(data.Log.Of(built.Instance), s => s.Event == ReplicaEvent.Disposed);
        Assert.Equal(built.ThreadId, disposed.ThreadId);
    }
}

using Trainer.Coordinator.Actors;
using Trainer.Shared.Actors;
using Xunit.Abstractions;

namespace Trainer.Actors.Tests;

/// <summary>
/// Stopping the coordinator, or the whole actor system, frees every replica: each device
/// disposes its model in PostStop, on its own thread, before its parent counts as terminated.
/// </summary>
[Collection(NativeState.Name)]
public sealed class ShutdownTests(ITestOutputHelper output) : ActorTest(output)
{
    [Theory]
    [InlineData(TrainPath.ShardedMaster)]
    [InlineData(TrainPath.CoordinatorSums)]
    [InlineData(TrainPath.AllReduce)]
    public void Stop_CoordinatorAfterSteps_EveryReplicaDisposedOnceOnItsOwnThread(TrainPath path)
    {
        var data = NewData();
        var rig = NewRig(data, path, "cpu:0,cpu:1,cpu:2");
        var coordinator = Sys.ActorOf(rig.Props, "coordinator");
        foreach (var b in TestData.Batches().Take(2)) coordinator.Tell(new RunStep(b));
        ExpectMsg<StepResult>(Patience);
        ExpectMsg<StepResult>(Patience);
        var replicas = data.Log.Replicas;
        Assert.Equal(3, replicas.Count);
        Assert.DoesNotContain(data.Log.Sightings, s => s.Event == ReplicaEvent.Disposed);

        StopAndAwait(coordinator);

        foreach (var r in replicas)
        {
            var disposed = Assert.Single(data.Log.Of(r), s => s.Event == ReplicaEvent.Disposed);
            Assert.Equal(data.Log.ThreadOf(r), disposed.ThreadId);
        }
        // The master (built on this thread, never run) is the rig's to free, after the actors.
        Assert.Equal(4, data.Log.Instances);
        Assert.Equal(3, data.Log.Sightings.Count(s => s.Event == ReplicaEvent.Disposed));
    }

    [Fact]
    public async Task Terminate_ActorSystem_EveryReplicaDisposed()
    {
        // DataParallelTrainer.Dispose ends a run this way: the whole system, not the coordinator alone.
        var data = NewData();
        var rig = NewRig(data, TrainPath.ShardedMaster, "cpu:0,cpu:1");
        var system = TrainerActorSystem.Create("shutdown");
        try
        {
            var coordinator = system.ActorOf(rig.Props, "coordinator");
            var probe = CreateTestProbe(system);
            coordinator.Tell(new RunStep(TestData.Batches()[0]), probe);
            Assert.Equal(7, probe.ExpectMsg<StepResult>(Patience).Count);
        }
        finally
        {
            await system.Terminate().WaitAsync(Patience); // throws TimeoutException past 30 s
        }

        var replicas = data.Log.Replicas;
        Assert.Equal(2, replicas.Count);
        Assert.All(replicas, r => Assert.Single(data.Log.Of(r), s => s.Event == ReplicaEvent.Disposed));
    }

    [Theory]
    [InlineData(TrainPath.ShardedMaster)]
    [InlineData(TrainPath.CoordinatorSums)]
    [InlineData(TrainPath.AllReduce)]
    public void Stop_CoordinatorAfterSteps_NoTensorOutlivesTheRun(TrainPath path)
    {
        var data = NewData();
        // TorchSharp's live count keeps one for every Parameter made from a tensor, after it is
        // disposed (the tensor's handle moves into the Parameter uncounted): each model's
        // constructor makes some, and so does the sharded master, one lane per replica. What the
        // actors must free is everything beyond those.
        var before = Trainer.Tests.LiveTensors.Settled();
        data.NewModel().Dispose();
        var keptPerModel = Trainer.Tests.LiveTensors.Settled() - before;
        before = Trainer.Tests.LiveTensors.Settled();
        nn.Parameter(zeros(2)).Dispose();
        var keptPerParameter = Trainer.Tests.LiveTensors.Settled() - before;
        var lanes = path == TrainPath.ShardedMaster ? 3 : 0;

        before = Trainer.Tests.LiveTensors.Settled();
        using (var rig = new CoordinatorRig(data, path, "cpu:0,cpu:1,cpu:2"))
        {
            var coordinator = Sys.ActorOf(rig.Props, "coordinator");
            var batches = TestData.Batches();
            foreach (var b in batches) coordinator.Tell(new RunStep(b));
            foreach (var _ in batches) ExpectMsg<StepResult>(Patience);
            StopAndAwait(coordinator);
        }

        Assert.Equal(before + 4 * keptPerModel + lanes * keptPerParameter, Trainer.Tests.LiveTensors.Settled());
    }

}

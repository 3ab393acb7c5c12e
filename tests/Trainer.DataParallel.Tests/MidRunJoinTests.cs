using Akka.Actor;
using Trainer.Coordinator.Actors;
using Trainer.Coordinator.DataParallel;

namespace Trainer.DataParallel.Tests;

/// <summary>
/// Devices that join a run under way (the cluster's late worker, here through in-process
/// stand-ins): they load the current weights and take part from the next step, and since each
/// shard's gradient is weighted by its size the update stays the full-batch one, so the run
/// ends where a run on one device does.
/// </summary>
[Collection(NativeState.Name)]
public sealed class MidRunJoinTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly LocalStandIns standIns = new();

    [Fact]
    public void AddDevices_CoordinatorSums_NewDevicesTakePartFromTheNextStepAndModelEqualsReference()
    {
        using var problem = Problem.Tied();
        var batches = Problem.Batches(epochs: 2);
        var expected = problem.Reference(batches);
        using var dp = standIns.Trainer(problem, "cpu:0");

        var before = dp.TrainSteps(batches[..3]);
        var added = Assert.IsType<DevicesAdded>(Ask(standIns.Coordinator!, new AddDevices(["cpu:1", "cpu:2"])));
        var after = dp.TrainSteps(batches[3..]);

        Assert.Equal(new[] { "cpu:1", "cpu:2" }, added.Devices);
        Assert.Equal(4, added.FromStep);
        Assert.All(before, r => Assert.Equal(new[] { "cpu:0" }, r.Rows.Keys));
        // Batches of 7 go to all three; the batch of 2 to the first two.
        Assert.All(after.Where(r => r.Count == 7), r => Assert.Equal(new[] { "cpu:0", "cpu:1", "cpu:2" }, r.Rows.Keys.Order()));
        Assert.Equal(batches.Sum(b => (long)b.Length), dp.SamplesByDevice.Values.Sum());
        Assert.True(dp.SamplesByDevice["cpu:2"] > 0);
        Assert.Equal(batches.Length, dp.StepsApplied);
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    [Fact]
    public void AddDevices_NameAlreadyInTheRun_RefusedAndTheRunGoesOn()
    {
        using var problem = Problem.Mlp();
        var batches = Problem.Batches();
        var expected = problem.Reference(batches);
        using var dp = standIns.Trainer(problem, "cpu:0,cpu:1");
        dp.TrainStep(batches[0]);

        var refusal = Assert.Throws<ArgumentException>(() => Ask(standIns.Coordinator!, new AddDevices(["cpu:1"])));
        dp.TrainSteps(batches[1..]);

        Assert.Contains("device cpu:1 is already in the run", refusal.Message);
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    [Theory]
    [InlineData(DataParallelMode.ParameterServer, "parameter-server mode on CPU replicas")]
    [InlineData(DataParallelMode.AllReduce, "all-reduce mode")]
    public void AddDevices_RendezvousReplicas_RefusedSayingWhyAndTheRunGoesOn(DataParallelMode mode, string where)
    {
        using var problem = Problem.Mlp();
        var batches = Problem.Batches();
        var expected = problem.Reference(batches);
        using var dp = problem.Trainer("cpu:0,cpu:1", mode);
        dp.TrainStep(batches[0]);

        var refusal = Assert.Throws<InvalidOperationException>(() => Ask(dp.Coordinator, new AddDevices(["cpu:2"])));
        dp.TrainSteps(batches[1..]);

        Assert.Contains($"devices cannot join mid-run in {where}", refusal.Message);
        Assert.Equal(batches.Length, dp.StepsApplied);
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    /// <summary>Asks the coordinator and waits; its refusal (a Status.Failure) is thrown as its cause, as Akka's Ask does.</summary>
    private static object Ask(IActorRef coordinator, object message) => coordinator.Ask<object>(message, Patience).GetAwaiter().GetResult();

    public void Dispose() => standIns.Dispose();
}

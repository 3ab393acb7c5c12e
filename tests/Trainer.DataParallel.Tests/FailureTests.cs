using Trainer.Coordinator.Actors;
using Trainer.Coordinator.DataParallel;
using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

/// <summary>
/// A device that throws inside forward is reported and dropped; its shard is recomputed on the
/// others and the step is applied exactly once, so the run ends where a failure-free run does.
/// </summary>
[Collection(NativeState.Name)]
public class FailureTests
{
    [Theory]
    [InlineData("cpu:0,cpu:1", DataParallelMode.ParameterServer)]
    [InlineData("cpu:0,cpu:1,cpu:2", DataParallelMode.ParameterServer)]
    [InlineData("cpu:0,cpu:1", DataParallelMode.AllReduce)]
    [InlineData("cpu:0,cpu:1,cpu:2", DataParallelMode.AllReduce)]
    public void TrainStep_DeviceFailsInForward_StepRecomputedAndAppliedOnce(string devices, DataParallelMode mode)
    {
        using var problem = Problem.Tied();
        var batches = Problem.Batches(epochs: 2);
        var expected = problem.Reference(batches);
        using var dp = problem.Trainer(devices, mode, new FailureInjection("cpu:1", Step: 3));

        var results = batches.Select(dp.TrainStep).ToList();

        Assert.Equal(batches.Length, dp.StepsApplied);
        Assert.Equal(batches.Select(b => b.Length), results.Select(r => r.Count));
        var failure = Assert.Single(dp.Failures);
        Assert.Contains("cpu:1", failure);
        Assert.Contains("injected failure in forward at step 3", failure);
        Assert.Single(results[2].Failures);
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
        // The dead device does no more work.
        Assert.DoesNotContain(dp.Recorder.Spans, s => s.Track == "cpu:1" && s.Phase == Trainer.Shared.Telemetry.Phase.Forward && s.Step > 3);
    }

    [Theory]
    [InlineData(DataParallelMode.ParameterServer)]
    [InlineData(DataParallelMode.AllReduce)]
    public void TrainSteps_Pipelined_DeviceFails_StepRecomputedAndEveryStepAppliedOnce(DataParallelMode mode)
    {
        // The next step already waits in the coordinator's queue when the failure hits.
        using var problem = Problem.Mlp();
        var batches = Problem.Batches(epochs: 3);
        var expected = problem.Reference(batches);
        using var dp = problem.Trainer("cpu:0,cpu:1,cpu:2", mode, new FailureInjection("cpu:2", Step: 5));

        var results = dp.TrainSteps(batches);

        Assert.Equal(batches.Length, dp.StepsApplied);
        Assert.Equal(batches.Select(b => b.Length), results.Select(r => r.Count));
        Assert.Equal(Enumerable.Range(1, batches.Length).Select(i => (long)i), results.Select(r => r.Step));
        Assert.Contains("cpu:2", Assert.Single(dp.Failures));
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    [Theory]
    [InlineData(DataParallelMode.ParameterServer)]
    [InlineData(DataParallelMode.AllReduce)]
    public void TrainSteps_DeviceFailsAfterTheUpdate_StepNotRedoneAndEveryStepAppliedOnce(DataParallelMode mode)
    {
        // The others keep the summed step; redoing it would apply it twice.
        using var problem = Problem.Mlp();
        var batches = Problem.Batches(epochs: 2);
        var expected = problem.Reference(batches);
        using var dp = problem.Trainer("cpu:0,cpu:1,cpu:2", mode, new FailureInjection("cpu:1", Step: 3, FailurePoint.OptimizerStep));

        var results = dp.TrainSteps(batches);

        Assert.Equal(batches.Length, dp.StepsApplied);
        Assert.Contains("injected failure after the update of step 3", Assert.Single(dp.Failures));
        Assert.Single(results[2].Failures);
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    [Fact]
    public void AllReduce_ReplicaDriftsSilently_StepFailsNamingTheDisagreement()
    {
        // cpu:1's weights change after its update of step 2 without any error: only the
        // replicas' per-step checksums can tell, and the run must stop there, not train on.
        using var problem = Problem.Mlp();
        using var dp = problem.Trainer("cpu:0,cpu:1", DataParallelMode.AllReduce, new FailureInjection("cpu:1", Step: 2, FailurePoint.Drift));
        var seen = new List<long>();

        var e = Assert.Throws<InvalidOperationException>(() => dp.TrainSteps(Problem.Batches(), r => seen.Add(r.Step)));

        Assert.Contains("step 2: the replicas no longer agree after the all-reduce", e.Message);
        Assert.Equal(new long[] { 1 }, seen);
    }

    [Fact]
    public void ParameterServer_MasterUpdateFailsPartWay_StepFailsWithClearErrorAndLaterStepsNotRun()
    {
        // cpu:1 fails inside its lanes of the master's optimizer step while cpu:0 updates its own:
        // the master is half-updated, which can be neither redone nor kept.
        using var problem = Problem.Mlp();
        using var dp = problem.Trainer("cpu:0,cpu:1", DataParallelMode.ParameterServer, new FailureInjection("cpu:1", Step: 2, FailurePoint.MasterUpdate));
        var seen = new List<long>();

        var e = Assert.Throws<InvalidOperationException>(() => dp.TrainSteps(Problem.Batches(), r => seen.Add(r.Step)));

        Assert.Contains("step 2: the master's update failed part-way", e.Message);
        Assert.Contains("injected failure in the master's update at step 2", e.Message);
        Assert.Equal(new long[] { 1 }, seen);
        Assert.Equal(1, dp.StepsApplied);
    }

    [Fact]
    public void TrainSteps_OnlyDeviceFailsMidway_LaterStepsNotRun()
    {
        using var problem = Problem.Mlp();
        using var dp = problem.Trainer("cpu:0", DataParallelMode.ParameterServer, new FailureInjection("cpu:0", Step: 2));
        var seen = new List<long>();
        var e = Assert.Throws<AllDevicesFailedException>(() => dp.TrainSteps(Problem.Batches(), r => seen.Add(r.Step)));
        Assert.Contains("every device has failed", e.Message);
        Assert.Equal(new long[] { 1 }, seen);
        Assert.Equal(1, dp.StepsApplied);
    }

    [Fact]
    public void TrainStep_OnlyDeviceFails_ClearError()
    {
        using var problem = Problem.Mlp();
        using var dp = problem.Trainer("cpu:0", DataParallelMode.ParameterServer, new FailureInjection("cpu:0", Step: 1));
        var e = Assert.Throws<AllDevicesFailedException>(() => dp.TrainStep(Problem.Batches()[0]));
        Assert.Contains("every device has failed", e.Message);
        Assert.Contains("injected failure", e.Message);
        Assert.Equal(0, dp.StepsApplied);
    }

    [Fact]
    public void Create_DeviceCannotBuildReplica_FailsBeforeTraining()
    {
        using var problem = Problem.Mlp();
        var built = 0;
        var options = new DataParallelOptions(
            () => Interlocked.Increment(ref built) == 3 ? throw new InvalidOperationException("no memory for the replica") : problem.Model(),
            problem.Loss, problem.Optimizer, DeviceSpecs.Parse("cpu:0,cpu:1"), problem.Data);
        var e = Assert.Throws<InvalidOperationException>(() => DataParallelTrainer.Create(options));
        Assert.Contains("failed to start", e.Message);
    }
}

using System.Diagnostics;
using Trainer.Coordinator.DataParallel;
using Trainer.Shared.Telemetry;
using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

/// <summary>
/// A device that is alive but stuck inside forward (the Hang test hook): after the step
/// deadline the coordinator names it and the step, takes it out of the run, and the others
/// redo its work; each step is applied exactly once and the run ends where a failure-free one
/// does. Over every path: the sharded master (ps on CPU replicas), all-reduce, and the
/// coordinator summing (the cluster's path, through in-process stand-ins).
/// </summary>
[Collection(NativeState.Name)]
public sealed class StepTimeoutTests : IDisposable
{
    // Long enough that a healthy device on a busy two-core machine never misses it.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);
    private readonly LocalStandIns standIns = new();

    public enum StepPath { ShardedMaster, AllReduce, CoordinatorSums }

    private DataParallelTrainer Trainer(Problem problem, StepPath path, string devices, FailureInjection? failure, TimeSpan? deadline = null) => path switch
    {
        StepPath.CoordinatorSums => standIns.Trainer(problem, devices, failure, deadline ?? Deadline),
        StepPath.AllReduce => problem.Trainer(devices, DataParallelMode.AllReduce, failure, deadline: deadline ?? Deadline),
        _ => problem.Trainer(devices, DataParallelMode.ParameterServer, failure, deadline: deadline ?? Deadline),
    };

    [Theory]
    [InlineData(StepPath.ShardedMaster)]
    [InlineData(StepPath.AllReduce)]
    [InlineData(StepPath.CoordinatorSums)]
    public void TrainSteps_DeviceHangsInForward_NamedAfterTheDeadlineAndItsShardRecomputedOnce(StepPath path)
    {
        using var problem = Problem.Mlp();
        var batches = Problem.Batches(epochs: 2);
        var expected = problem.Reference(batches);
        // Hangs until the trainer is disposed: only the deadline can end step 3.
        using var dp = Trainer(problem, path, "cpu:0,cpu:1,cpu:2", new FailureInjection("cpu:1", Step: 3, FailurePoint.Hang));
        var clock = Stopwatch.StartNew();

        var results = dp.TrainSteps(batches);

        // Named by the deadline, not by the rendezvous or Ask timeouts (60 s here).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(batches.Length, dp.StepsApplied);
        Assert.Equal(batches.Select(b => b.Length), results.Select(r => r.Count));
        var failure = Assert.Single(dp.Failures);
        Assert.Contains("cpu:1 gave no answer to step 3 within the step timeout of 1 s", failure);
        Assert.Equal(failure, Assert.Single(results[2].Failures));
        Assert.All(results.Skip(3), r => Assert.DoesNotContain("cpu:1", r.Rows.Keys));
        Assert.All(results.Skip(3), r => Assert.Empty(r.Failures));
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    [Theory]
    [InlineData(StepPath.ShardedMaster)]
    [InlineData(StepPath.AllReduce)]
    [InlineData(StepPath.CoordinatorSums)]
    public void TrainSteps_StuckDeviceAnswersLate_LateAnswerIgnoredAndModelUnharmed(StepPath path)
    {
        using var problem = Problem.Mlp();
        var batches = Problem.Batches(epochs: 3);
        var expected = problem.Reference(batches);
        using var dp = Trainer(problem, path, "cpu:0,cpu:1", new FailureInjection("cpu:1", Step: 2, FailurePoint.Hang, HangFor: TimeSpan.FromSeconds(3)));

        dp.TrainSteps(batches[..4]);
        // cpu:1 comes back from its hang, finishes the step nobody waits for any more and
        // answers (its backward span is recorded as it ends); the run then goes on.
        Assert.True(SpinWait.SpinUntil(() => dp.Recorder.Spans.Any(s => s.Track == "cpu:1" && s.Phase == Phase.Backward && s.Step == 2), TimeSpan.FromSeconds(20)));
        Thread.Sleep(300);
        var later = dp.TrainSteps(batches[4..]);

        Assert.Equal(batches.Length, dp.StepsApplied);
        Assert.Contains("cpu:1 gave no answer to step 2", Assert.Single(dp.Failures));
        Assert.All(later, r => Assert.Equal(new[] { "cpu:0" }, r.Rows.Keys));
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    [Theory]
    [InlineData(StepPath.ShardedMaster)]
    [InlineData(StepPath.AllReduce)]
    [InlineData(StepPath.CoordinatorSums)]
    public void TrainSteps_DeviceSlowButWithinTheDeadline_NotNamed(StepPath path)
    {
        // A pause shorter than the deadline is slowness, not a fault; and the steps sent ahead
        // to the other devices meanwhile do not count their wait behind it.
        using var problem = Problem.Mlp();
        var batches = Problem.Batches(epochs: 2);
        var expected = problem.Reference(batches);
        using var dp = Trainer(problem, path, "cpu:0,cpu:1", new FailureInjection("cpu:1", Step: 2, FailurePoint.Hang, HangFor: TimeSpan.FromMilliseconds(800)),
            deadline: TimeSpan.FromSeconds(2));

        var results = dp.TrainSteps(batches);

        Assert.Empty(dp.Failures);
        Assert.All(results, r => Assert.Contains("cpu:1", r.Rows.Keys));
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    [Theory]
    [InlineData(StepPath.ShardedMaster)]
    [InlineData(StepPath.AllReduce)]
    [InlineData(StepPath.CoordinatorSums)]
    public void TrainStep_OnlyDeviceHangs_FailsNamingTheDeviceAndStep(StepPath path)
    {
        using var problem = Problem.Mlp();
        using var dp = Trainer(problem, path, "cpu:0", new FailureInjection("cpu:0", Step: 1, FailurePoint.Hang));

        var e = Assert.ThrowsAny<InvalidOperationException>(() => dp.TrainStep(Problem.Batches()[0]));

        Assert.Contains("every device has failed", e.Message);
        Assert.Contains("cpu:0 gave no answer to step 1 within the step timeout", e.Message);
        Assert.Equal(0, dp.StepsApplied);
    }

    [Fact]
    public void Create_StepDeadlineNotPositive_RefusedNamingIt()
    {
        using var problem = Problem.Mlp();
        var e = Assert.Throws<ArgumentException>(() => DataParallelTrainer.Create(problem.Options("cpu:0,cpu:1", DataParallelMode.ParameterServer, deadline: TimeSpan.Zero)));
        Assert.Contains("step deadline must be a positive", e.Message);
    }

    public void Dispose() => standIns.Dispose();
}

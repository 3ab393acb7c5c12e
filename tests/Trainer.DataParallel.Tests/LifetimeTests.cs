using Trainer.Coordinator.DataParallel;
using Trainer.Shared;
using Trainer.Shared.Telemetry;

namespace Trainer.DataParallel.Tests;

[Collection(NativeState.Name)]
public class LifetimeTests
{
    [Theory]
    [InlineData(DataParallelMode.ParameterServer)]
    [InlineData(DataParallelMode.AllReduce)]
    public void TrainStep_ManySteps_LeavesNoLiveTensors(DataParallelMode mode)
    {
        using var problem = Problem.Mlp();
        // TorchSharp's count keeps one for every Parameter made from a tensor, after it is disposed
        // (the tensor's handle moves into the Parameter uncounted): a module's constructor makes
        // some, and so does the sharded master, one lane per CPU replica in parameter-server mode.
        // What the harness must free is everything beyond those.
        var before = Trainer.Tests.LiveTensors.Settled();
        problem.Model().Dispose();
        var keptPerModel = Trainer.Tests.LiveTensors.Settled() - before;
        before = Trainer.Tests.LiveTensors.Settled();
        nn.Parameter(zeros(2)).Dispose();
        var keptPerParameter = Trainer.Tests.LiveTensors.Settled() - before;
        var lanes = mode == DataParallelMode.ParameterServer ? 2 : 0;
        before = Trainer.Tests.LiveTensors.Settled();
        var dp = problem.Trainer("cpu:0,cpu:1", mode);
        var batches = Problem.Batches(epochs: 3);
        dp.TrainStep(batches[0]);
        _ = dp.MasterModel;
        var afterOne = Trainer.Tests.LiveTensors.Settled();

        foreach (var b in batches.Skip(1)) dp.TrainStep(b);
        _ = dp.MasterModel;

        Assert.Equal(afterOne, Trainer.Tests.LiveTensors.Settled());
        dp.Dispose();
        Assert.Equal(before + 3 * keptPerModel + lanes * keptPerParameter, Trainer.Tests.LiveTensors.Settled());
    }

    /// <summary>
    /// Pins what DeviceActor relies on: libtorch's OpenMP build keeps the intra-op thread count
    /// per thread (a replica's set_num_threads(1) leaves other threads alone), but also stores it
    /// as the default a thread picks up when it first touches libtorch.
    /// </summary>
    [Fact]
    public void SetNumThreads_OnAnotherThread_PerThreadButBecomesDefaultForNewThreads()
    {
        var original = torch.get_num_threads();
        try
        {
            torch.set_num_threads(2);
            int onReplica = 0, onFresh = 0;
            var replica = new Thread(() => { torch.set_num_threads(1); onReplica = torch.get_num_threads(); });
            replica.Start();
            replica.Join();
            var fresh = new Thread(() => onFresh = torch.get_num_threads());
            fresh.Start();
            fresh.Join();

            Assert.Equal(1, onReplica);
            Assert.Equal(2, torch.get_num_threads());
            Assert.Equal(1, onFresh);
        }
        finally
        {
            torch.set_num_threads(original);
        }
    }

    /// <summary>
    /// The engine bug this pins (found 2026-11-23): a replica set 1 thread, the caller then put
    /// its own count back as the process default, and libtorch re-initialised the replica's
    /// count from that default at the replica's first parallel op. Each replica then ran 2
    /// OpenMP threads on a 2-core machine, and its forward and backward took ~40% longer.
    /// </summary>
    [Fact]
    public void SetNumThreads_DefaultChangedBeforeFirstParallelOp_ThreadKeepsItsCount()
    {
        var original = torch.get_num_threads();
        try
        {
            torch.set_num_threads(2);
            using var countSet = new ManualResetEventSlim();
            using var defaultChanged = new ManualResetEventSlim();
            int afterParallelOp = 0;
            var replica = new Thread(() =>
            {
                TorchThreads.SetForThisThread(1);
                countSet.Set();
                defaultChanged.Wait();
                using (var big = torch.ones(1 << 20))
                using (var sum = big.add(1)) { } // large enough for libtorch to run it through parallel_for
                afterParallelOp = torch.get_num_threads();
            });
            replica.Start();
            countSet.Wait();
            torch.set_num_threads(2);
            defaultChanged.Set();
            replica.Join();

            Assert.Equal(1, afterParallelOp);
        }
        finally
        {
            torch.set_num_threads(original);
        }
    }

    [Fact]
    public void Create_CpuReplicas_CallerThreadCountKept()
    {
        using var problem = Problem.Mlp();
        var threads = torch.get_num_threads();
        using (var dp = problem.Trainer("cpu:0,cpu:1", DataParallelMode.ParameterServer))
        {
            dp.TrainStep(Problem.Batches()[0]);
            Assert.Equal(threads, torch.get_num_threads());
        }
        Assert.Equal(threads, torch.get_num_threads());
    }

    [Fact]
    public void TrainStep_TwoDevices_EveryPhaseTracedOnItsTrack()
    {
        using var problem = Problem.Mlp();
        using var dp = problem.Trainer("cpu:0,cpu:1", DataParallelMode.ParameterServer);
        foreach (var b in Problem.Batches()) dp.TrainStep(b);

        // CPU replicas sum into the shared master and step it lane by lane on their own tracks;
        // their Broadcast is the wait until every lane of the new weights is written.
        var spans = dp.Recorder.Spans;
        foreach (var track in new[] { "cpu:0", "cpu:1" })
            foreach (var phase in new[] { Phase.CopyToDevice, Phase.Forward, Phase.Backward, Phase.GradientCollect, Phase.Aggregate, Phase.OptimizerStep, Phase.Broadcast, Phase.Idle })
                Assert.Contains(spans, s => s.Track == track && s.Phase == phase && s.Step >= 1);
        foreach (var phase in new[] { Phase.Shard, Phase.Broadcast })
            Assert.Contains(spans, s => s.Track == "coordinator" && s.Phase == phase);
        Assert.All(spans, s => Assert.True(s.DurationUs >= 0));
        // One forward per device per step (every shard of 7 or 2 samples over 2 devices is non-empty).
        Assert.Equal(4, spans.Count(s => s.Track == "cpu:1" && s.Phase == Phase.Forward));
    }

    [Fact]
    public void TrainStep_AllReduce_DevicesTraceAggregateAndStep()
    {
        using var problem = Problem.Tied();
        using var dp = problem.Trainer("cpu:0,cpu:1", DataParallelMode.AllReduce);
        foreach (var b in Problem.Batches()) dp.TrainStep(b);

        foreach (var track in new[] { "cpu:0", "cpu:1" })
            foreach (var phase in new[] { Phase.Forward, Phase.Backward, Phase.Aggregate, Phase.OptimizerStep })
                Assert.Contains(dp.Recorder.Spans, s => s.Track == track && s.Phase == phase);
    }

    [Fact]
    public void TrainStep_IndexOutsideDataSet_ClearError()
    {
        using var problem = Problem.Mlp();
        using var dp = problem.Trainer("cpu:0,cpu:1", DataParallelMode.ParameterServer);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => dp.TrainStep(new long[] { 1, 23 }));
        Assert.Contains("sample index 23", e.Message);
        Assert.Equal(0, dp.StepsApplied);
    }
}

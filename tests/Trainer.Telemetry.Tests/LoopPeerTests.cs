using Trainer.Coordinator.Bench;
using Trainer.Shared.Data;

namespace Trainer.Telemetry.Tests;

/// <summary>
/// The plain TorchSharp loop of `trainer bench scaling`: in this process (it must train exactly
/// as Trainer's one device does, and leave nothing behind), and as the benchmark runs it, in
/// `trainer bench loop-peer` child processes.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public class LoopPeerTests
{
    private static readonly string Data = FashionMNIST.DefaultRoot;

    [Fact]
    public void Start_OneProcess_TimesEachChunkItIsSent()
    {
        using var peer = LoopPeer.Start(hidden: 16, batch: 32, warmup: 1, Data);
        Assert.Equal(("torchsharp", "loop", 1, 16, 32), (peer.Config.System, peer.Config.Mode, peer.Config.Devices, peer.Config.Hidden, peer.Config.Batch));
        var few = peer.Run(2);
        var more = peer.Run(200);
        Assert.True(few > 0 && more > few, $"2 steps took {few} s, 200 steps {more} s");
    }

    [Fact]
    public void StartCeiling_TwoProcessesOnHalfBatches_AnswerOncePerChunk()
    {
        using var ceiling = LoopPeer.StartCeiling(2, hidden: 16, batch: 64, warmup: 1, Data);
        Assert.Equal(("ceiling", "torchsharp", 2, 64), (ceiling.Config.System, ceiling.Config.Mode, ceiling.Config.Devices, ceiling.Config.Batch));
        Assert.True(ceiling.Run(3) > 0);
        Assert.True(ceiling.Run(3) > 0);
    }

    [Fact]
    public void Start_BadDataRoot_DiesWhileWarmingUpWithItsMessage()
    {
        var e = Assert.Throws<InvalidOperationException>(() => LoopPeer.Start(16, 32, 1, "/nonexistent/fashion"));
        Assert.StartsWith("trainer bench loop-peer exited with 1 while warming up: trainer bench loop-peer: Fashion-MNIST file /nonexistent/fashion/", e.Message);
    }

    [Fact]
    public void StartCeiling_BadDataRoot_ThrowsNamingTheFirstProcess()
    {
        var e = Assert.Throws<InvalidOperationException>(() => LoopPeer.StartCeiling(2, 16, 64, 1, "/nonexistent/fashion"));
        Assert.StartsWith("trainer bench loop-peer --rank 0 --world 2 exited with 1 while warming up", e.Message);
        Assert.Contains("/nonexistent/fashion", e.Message);
    }

    [Fact]
    public void Run_SameBatchesAsTrainerOneDevice_SameLosses()
    {
        // The loop is the harness's baseline only if it does the same work: same initial weights,
        // same batches, same update. Trainer's one device and the loop, 6 steps each, same losses.
        using var data = new FashionMNIST(Data, train: true);
        foreach (var mode in new[] { "ps", "allreduce" })
        {
            double trainerLoss;
            using (var dp = TrainerScaling.Create(data, mode, devices: 1, hidden: 32))
                trainerLoss = dp.TrainSteps(BatchOrder.Endless(data.Count, 64, seed: 0).Take(6)).Sum(r => r.LossSum);
            using var loop = new TorchSharpLoop(hidden: 32, batch: 64, Data);
            loop.Run(6);
            Assert.Equal(6 * 64, loop.Samples);
            Assert.Equal(trainerLoss, loop.LossSum, 3);
        }
    }

    [Fact]
    public void Run_HalfOfEachBatch_TrainsItsShareOfTheRows()
    {
        using var first = new TorchSharpLoop(hidden: 16, batch: 65, Data, rank: 0, world: 2);
        using var second = new TorchSharpLoop(hidden: 16, batch: 65, Data, rank: 1, world: 2);
        first.Run(3);
        second.Run(3);
        Assert.Equal((3 * 32L, 3 * 33L), (first.Samples, second.Samples));
    }

    [Fact]
    public void Run_AfterTheFirstChunk_LeavesNoTensorAlive()
    {
        using var loop = new TorchSharpLoop(hidden: 16, batch: 32, Data);
        loop.Run(2); // the first step makes the parameters' gradients, and the data set's float copy
        var before = Trainer.Tests.LiveTensors.Settled();
        loop.Run(5);
        Assert.Equal(before, Trainer.Tests.LiveTensors.Settled());
    }

    [Fact]
    public void New_RankOutsideWorld_ThrowsNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => new TorchSharpLoop(16, 32, Data, rank: 2, world: 2));
        Assert.Contains("rank 2 of world 2", e.Message);
    }

}

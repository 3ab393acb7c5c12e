using Trainer.Coordinator.Bench;

namespace Trainer.Telemetry.Tests;

public class PyTorchPeerTests
{
    private static readonly string Data = Trainer.Shared.Data.FashionMNIST.DefaultRoot;

    [Fact]
    public void Start_Threads_TimesEachChunkItIsSent()
    {
        using var peer = PyTorchPeer.Start("threads", 2, hidden: 16, batch: 32, warmup: 1, Data);
        Assert.Equal(("pytorch", "threads", 2, 16, 32), (peer.Config.System, peer.Config.Mode, peer.Config.Devices, peer.Config.Hidden, peer.Config.Batch));
        // Two steps against four hundred: a chunk is timed as the steps it was sent, by a margin no
        // load spike on a shared 2-core machine closes (40 against 2 did, once).
        var few = peer.Run(2);
        var more = peer.Run(400);
        Assert.True(few > 0 && more > few, $"2 steps took {few} s, 400 steps {more} s");
    }

    [Fact]
    public void Start_Threads_ReadyLineNamesTheBlasItLoaded()
    {
        using var peer = PyTorchPeer.Start("threads", 1, hidden: 16, batch: 32, warmup: 1, Data);
        var blas = PyTorchPeer.Blas(peer);
        Assert.NotEmpty(blas);
        Assert.All(blas, b => Assert.Contains("blas", Path.GetFileName(b)));
    }

    [Fact]
    public void BlasWarning_ReferenceBlasWarns_OpenBlasOrUnknownDoesNot()
    {
        Assert.Null(PyTorchPeer.BlasWarning(["/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3", "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"]));
        Assert.Null(PyTorchPeer.BlasWarning([]));
        var warning = PyTorchPeer.BlasWarning(["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"]);
        Assert.StartsWith("WARNING: the PyTorch peer runs on /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0, not OpenBLAS", warning);
        Assert.Contains("libopenblas0-pthread", warning);
    }

    [Fact]
    public void Start_Ddp_TwoGlooProcessesAnswerOncePerChunk()
    {
        using var peer = PyTorchPeer.Start("ddp", 2, hidden: 16, batch: 32, warmup: 1, Data);
        Assert.Equal(("pytorch", "ddp", 2), (peer.Config.System, peer.Config.Mode, peer.Config.Devices));
        Assert.True(peer.Run(3) > 0);
        Assert.True(peer.Run(3) > 0);
    }

    [Fact]
    public void Start_Independent_IsTheMachinesCeiling()
    {
        using var peer = PyTorchPeer.Start("independent", 2, hidden: 16, batch: 64, warmup: 1, Data);
        Assert.Equal(("ceiling", "pytorch", 2), (peer.Config.System, peer.Config.Mode, peer.Config.Devices));
        Assert.True(peer.Run(3) > 0);
    }

    [Fact]
    public void Start_BadDataRoot_ThrowsWithPythonsMessage()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PyTorchPeer.Start("threads", 1, 16, 32, 1, "/nonexistent/fashion"));
        Assert.Contains("/nonexistent/fashion", e.Message);
        Assert.Contains("pytorch_scaling.py --mode threads --devices 1 exited with", e.Message);
        Assert.Contains("while warming up", e.Message);
    }

    [Fact]
    public void Validate_UnknownModeOrNoChunks_ThrowsNamingIt()
    {
        var options = new ScalingOptions("x", Hidden: [16], Batch: [32], Devices: [1, 2], Modes: ["ps"], Steps: 3, Warmup: 1, DataRoot: Data);
        var e = Assert.Throws<ArgumentException>(() => (options with { Modes = ["mpi"] }).Validate());
        Assert.Contains("mpi", e.Message);
        e = Assert.Throws<ArgumentException>(() => (options with { Chunks = 0 }).Validate());
        Assert.Contains("--chunks", e.Message);
    }
}

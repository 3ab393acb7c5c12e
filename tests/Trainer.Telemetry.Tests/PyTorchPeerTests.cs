using Trainer.Coordinator.Bench;

namespace Trainer.Telemetry.Tests;

public class PyTorchPeerTests
{
    private static ScalingOptions Tiny(string dir) => new(dir, Hidden: new[] { 16 }, Batch: new[] { 32, 64 }, Devices: new[] { 1, 2 },
        Modes: new[] { "ps" }, Steps: 3, Warmup: 1, DataRoot: Trainer.Torch.Data.FashionMNIST.DefaultRoot);

    [Fact]
    public void Run_Threads_OneResultPerCellWithPositiveThroughput()
    {
        var results = PyTorchPeer.Run("threads", 2, Tiny(Path.GetTempPath()));
        Assert.Equal(new[] { (16, 32), (16, 64) }, results.Select(r => (r.Hidden, r.Batch)));
        Assert.All(results, r =>
        {
            Assert.Equal(("pytorch", "threads", 2, 3), (r.System, r.Mode, r.Devices, r.Steps));
            Assert.True(r.SamplesPerSec > 0);
        });
    }

    [Fact]
    public void Run_Ddp_TwoGlooProcessesReportOnce()
    {
        var results = PyTorchPeer.Run("ddp", 2, Tiny(Path.GetTempPath()));
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(("pytorch", "ddp", 2), (r.System, r.Mode, r.Devices)));
    }

    [Fact]
    public void Run_Independent_TwoProcessesReportTheMachinesCeilingOncePerCell()
    {
        var results = PyTorchPeer.Run("independent", 2, Tiny(Path.GetTempPath()));
        Assert.Equal(new[] { 32, 64 }, results.Select(r => r.Batch));
        Assert.All(results, r =>
        {
            Assert.Equal(("ceiling", "independent", 2, 3), (r.System, r.Mode, r.Devices, r.Steps));
            Assert.True(r.SamplesPerSec > 0);
        });
    }

    [Fact]
    public void Run_BadDataRoot_ThrowsWithPythonsMessage()
    {
        var options = Tiny(Path.GetTempPath()) with { DataRoot = "/nonexistent/fashion" };
        var e = Assert.Throws<InvalidOperationException>(() => PyTorchPeer.Run("threads", 1, options));
        Assert.Contains("/nonexistent/fashion", e.Message);
    }

    [Fact]
    public void Validate_UnknownMode_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => (Tiny("x") with { Modes = new[] { "mpi" } }).Validate());
        Assert.Contains("mpi", e.Message);
    }
}

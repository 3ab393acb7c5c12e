using static Trainer.Torch.torch.nn;

namespace Trainer.Torch.Tests.Book;

/// <summary>Book ch. 5.6, GPUs: try_gpu / try_all_gpus fall back to the CPU, and a net moves to the chosen device.</summary>
public class GpuTests
{
    [Fact]
    public void TryGpu_AsBook_FallsBackToCpuWhenGpuMissing()
    {
        var n = cuda.device_count();
        Assert.Equal(n >= 1 ? "cuda:0" : "cpu", try_gpu().ToString());
        Assert.Equal("cpu", try_gpu(10).ToString());
        Assert.Equal(n == 0 ? new[] { "cpu" } : Enumerable.Range(0, n).Select(i => $"cuda:{i}").ToArray(), try_all_gpus().Select(d => d.ToString()));
    }

    [Fact]
    public void Net_ToTryGpu_ParametersAndOutputOnThatDevice()
    {
        using var scope = NewDisposeScope();
        var device = try_gpu();
        using var net = new Sequential(new Linear(3, 1));
        net.to(device);
        Assert.All(net.parameters(), p => Assert.Equal(device.type, p.device.type));
        var X = ones(new long[] { 2, 3 }, device: device);
        Assert.Equal(device.type, net.call(X).device.type);
    }
}

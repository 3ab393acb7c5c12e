namespace Trainer.Torch.Tests.Ops;

/// <summary>Devices as the book uses them; written to hold on machines with and without GPUs.</summary>
public class DeviceTests
{
    [Fact]
    public void Device_ParseAndPrint_AsTorchDevice()
    {
        Assert.Equal(Device.CPU, device("cpu"));
        Assert.Equal(new Device(DeviceType.CUDA, 1), device("cuda:1"));
        Assert.Equal("cuda:1", device("cuda:1").ToString());
        Assert.Equal("cuda", device("cuda").ToString());
        Assert.Throws<ArgumentException>(() => device("tpu"));
        Assert.Throws<ArgumentException>(() => device("cuda:x"));
    }

    [Fact]
    public void CudaCounts_AreConsistent()
    {
        var n = cuda.device_count();
        Assert.True(n >= 0);
        Assert.Equal(n > 0, cuda.is_available());
    }

    [Fact]
    public void TryGpu_FallsBackToCpuPastTheLastGpu()
    {
        var n = cuda.device_count();
        Assert.Equal(Device.CPU, try_gpu(n)); // the book's try_gpu(10) on a machine with fewer GPUs
        Assert.Equal(n > 0 ? new Device(DeviceType.CUDA, 0) : Device.CPU, try_gpu());
        var all = try_all_gpus();
        Assert.Equal(n == 0 ? 1 : n, all.Count);
        if (n == 0) Assert.Equal(Device.CPU, all[0]);
        else Assert.All(all, d => Assert.Equal(DeviceType.CUDA, d.type));
    }

    [Fact]
    public void To_TryGpu_MovesDataAndKeepsValues()
    {
        using var scope = NewDisposeScope();
        var target = try_gpu();
        var x = ones(new long[] { 2, 3 }, device: target);
        Assert.Equal(target.type, x.device.type);
        var y = arange(6, ScalarType.Float32).reshape(2, 3).to(target);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, (x + y).cpu().ToArray<float>());
        Assert.Equal(Device.CPU, (x + y).cpu().device);
    }
}

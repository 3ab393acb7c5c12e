using Trainer.Book.Tests.Support;
using static Trainer.Book.Tests.Support.Devices;

namespace Trainer.Book.Tests.Book;

/// <summary>d2l 5.6, GPUs: devices, try_gpu / try_all_gpus, tensors and nets on the chosen device.</summary>
public class GpuTests
{
    [Fact]
    public void Device_Names_ParseAsTheBookShows()
    {
        Assert.Equal(DeviceType.CPU, new Device("cpu").type);
        Assert.Equal(DeviceType.CUDA, new Device("cuda").type);
        var one = new Device("cuda:1");
        Assert.Equal((DeviceType.CUDA, 1), (one.type, one.index));
    }

    [Fact]
    public void TryGpu_NoSuchGpu_FallsBackToTheCpu()
    {
        var n = cuda.device_count();
        Assert.Equal(n >= 1 ? DeviceType.CUDA : DeviceType.CPU, try_gpu().type);
        Assert.Equal(DeviceType.CPU, try_gpu(10).type);
        Assert.Equal(Math.Max(n, 1), try_all_gpus().Length);
        if (n == 0) Assert.Equal(DeviceType.CPU, try_all_gpus().Single().type);
    }

    [Fact]
    public void Tensor_ByDefault_LivesOnTheCpu()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(DeviceType.CPU, tensor(new long[] { 1, 2, 3 }).device_type);
    }

    [Fact]
    public void Net_ToTryGpu_ParametersAndOutputOnThatDevice()
    {
        using var scope = NewDisposeScope();
        var device = try_gpu();
        using var net = Sequential(Linear(3, 1));
        net.to(device);
        Assert.All(net.parameters(), p => Assert.Equal(device.type, p.device_type));
        var X = ones(new long[] { 2, 3 }, device: device);
        Assert.Equal(device.type, net.call(X).device_type);
    }

    [CudaFact]
    public void Ones_OnGpu_AndCopyToAnotherDevice_AddsThere()
    {
        using var scope = NewDisposeScope();
        var X = ones(new long[] { 2, 3 }, device: try_gpu());
        Assert.Equal(DeviceType.CUDA, X.device_type);
        var Y = rand(new long[] { 2, 3 }, device: try_gpu(1)); // the CPU where there is one GPU only
        var Z = X.to(Y.device);
        Assert.Equal(Y.device.ToString(), Z.device.ToString());
        Assert.True((Y + Z).cpu().allclose(Y.cpu() + 1));
    }

    [CudaFact]
    public void Net_OnGpu_GivesTheSameOutputAsOnTheCpu()
    {
        using var scope = NewDisposeScope();
        using var net = Sequential(Linear(3, 1));
        var X = ones(2, 3);
        var onCpu = net.call(X);
        net.to(try_gpu());
        var onGpu = net.call(X.to(try_gpu()));
        Assert.Equal(DeviceType.CUDA, onGpu.device_type);
        Assert.True(onGpu.cpu().allclose(onCpu, rtol: 1e-5, atol: 1e-6));
    }

    [CudaFact]
    public void Matmul_OnEveryGpu_RunsAndMatchesTheCpu()
    {
        using var scope = NewDisposeScope();
        var a = rand(100, 100);
        var b = rand(100, 100);
        var expected = matmul(a, b);
        foreach (var device in try_all_gpus())
            Assert.True(matmul(a.to(device), b.to(device)).cpu().allclose(expected, rtol: 1e-4, atol: 1e-4));
    }
}

using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

public class DeviceSpecsTests
{
    [Fact]
    public void Parse_AutoWithoutCuda_OneCpuReplicaPerCore()
    {
        var devices = DeviceSpecs.Parse("auto", cudaDevices: 0, cores: 4);
        Assert.Equal(new[] { "cpu:0", "cpu:1", "cpu:2", "cpu:3" }, devices.Select(d => d.Name));
        Assert.All(devices, d => Assert.True(d.IsCpu));
    }

    [Fact]
    public void Parse_AutoWithCuda_EveryCudaDevice()
    {
        var devices = DeviceSpecs.Parse("auto", cudaDevices: 2, cores: 16);
        Assert.Equal(new[] { "cuda:0", "cuda:1" }, devices.Select(d => d.Name));
        Assert.Equal((DeviceType.CUDA, 1L), (devices[1].TorchDevice.type, devices[1].TorchDevice.index));
    }

    [Fact]
    public void Parse_CpuList_NamedReplicasOnTheCpu()
    {
        var devices = DeviceSpecs.Parse(" cpu:0, cpu:1 ", cudaDevices: 0, cores: 2);
        Assert.Equal(new[] { "cpu:0", "cpu:1" }, devices.Select(d => d.Name));
        Assert.All(devices, d => Assert.Equal(DeviceType.CPU, d.TorchDevice.type));
        Assert.Equal(new[] { "cpu:0" }, DeviceSpecs.Parse("cpu", 0, 2).Select(d => d.Name));
    }

    [Theory]
    [InlineData("cuda:0", 0, "cuda:0 does not exist: CUDA is not available")]
    [InlineData("cuda:0,cuda:2", 2, "cuda:2 does not exist: this machine has 2 CUDA device(s)")]
    [InlineData("cpu:0,cpu:0", 0, "cpu:0 is listed twice")]
    [InlineData("tpu:0", 0, "unknown device type 'tpu'")]
    [InlineData("cpu:x", 0, "'cpu:x' is not a device")]
    [InlineData("cpu:-1", 0, "'cpu:-1' is not a device")]
    [InlineData("cpu:0,", 0, "empty entry")]
    [InlineData("", 0, "--devices is empty")]
    public void Parse_BadDevice_ClearError(string spec, int cuda, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => DeviceSpecs.Parse(spec, cuda, cores: 2));
        Assert.Contains(message, e.Message);
    }
}

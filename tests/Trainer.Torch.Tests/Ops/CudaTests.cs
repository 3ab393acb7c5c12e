using Trainer.Tests;
using Trainer.Torch.Tests.Serialization;
using static Trainer.Torch.torch.nn;
using static Trainer.Torch.Tests.Serialization.PyTorchPeer;

namespace Trainer.Torch.Tests.Ops;

/// <summary>
/// The engine on a CUDA device, against the same work on the CPU: transfers, kernels, autograd,
/// an optimizer step, and torch.save/torch.load of CUDA tensors with PyTorch. Skipped without CUDA.
/// </summary>
public class CudaTests
{
    private static readonly Device Gpu = new(DeviceType.CUDA, 0);

    [CudaFact]
    public void ToCudaAndBack_ValuesUnchanged()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var x = randn(1000, 3);
        var onGpu = x.to(Gpu);
        Assert.Equal("cuda:0", onGpu.device.ToString());
        Assert.Equal(x.ToArray<float>(), onGpu.cpu().ToArray<float>());
    }

    [CudaFact]
    public void CopyToAndFrom_HostBuffers_RoundTrip()
    {
        using var scope = NewDisposeScope();
        var source = Enumerable.Range(0, 4096).Select(i => i * 0.5f - 7).ToArray();
        var onGpu = zeros(new long[] { 64, 64 }, device: Gpu);
        onGpu.CopyFrom(source);
        var back = new float[source.Length];
        onGpu.CopyTo(back);
        Assert.Equal(source, back);
        // A strided view on the device copies its own elements, row-major.
        var column = new float[64];
        onGpu.select(1, 3).CopyTo(column);
        Assert.Equal(Enumerable.Range(0, 64).Select(r => source[r * 64 + 3]), column);
    }

    [CudaFact]
    public void Matmul_OnCuda_MatchesCpu()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var a = randn(64, 128);
        var b = randn(128, 32);
        var expected = a.matmul(b).ToArray<float>();
        var actual = a.to(Gpu).matmul(b.to(Gpu)).cpu().ToArray<float>();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 3e-4f);
    }

    [CudaFact]
    public void BackwardAndSgdStep_OnCuda_MatchCpu()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var cpuNet = new Sequential(new Linear(20, 64), new ReLU(), new Linear(64, 5));
        var gpuNet = new Sequential(new Linear(20, 64), new ReLU(), new Linear(64, 5));
        gpuNet.load_state_dict(cpuNet.state_dict());
        gpuNet.to(Gpu);
        var x = randn(32, 20);
        var y = randint(0, 5, new long[] { 32 });
        using var lossFn = new CrossEntropyLoss();
        using var cpuOpt = optim.SGD(cpuNet.parameters(), lr: 0.1, momentum: 0.9);
        using var gpuOpt = optim.SGD(gpuNet.parameters(), lr: 0.1, momentum: 0.9);
        for (var step = 0; step < 3; step++)
        {
            cpuOpt.zero_grad();
            lossFn.call(cpuNet.call(x), y).backward();
            cpuOpt.step();
            gpuOpt.zero_grad();
            lossFn.call(gpuNet.call(x.to(Gpu)), y.to(Gpu)).backward();
            gpuOpt.step();
        }
        Assert.All(gpuNet.parameters(), p => Assert.Equal(DeviceType.CUDA, p.device.type));
        var expected = cpuNet.parameters().Select(p => p.detach().ToArray<float>()).ToArray();
        var actual = gpuNet.parameters().Select(p => p.detach().cpu().ToArray<float>()).ToArray();
        for (var i = 0; i < expected.Length; i++)
            for (var j = 0; j < expected[i].Length; j++)
                Assert.True(Math.Abs(expected[i][j] - actual[i][j]) < 1e-5, $"parameter {i} element {j}: {expected[i][j]} vs {actual[i][j]}");
    }

    [CudaFact]
    public void DataLoader_ShuffledOverCudaData_SameBatchesAsOnCpu()
    {
        using var scope = NewDisposeScope();
        var x = arange(40).reshape(20, 2).to(ScalarType.Float32);
        var y = arange(20);
        var onCpu = new Trainer.Torch.Data.DataLoader(x, y, 6, shuffle: true, seed: 5);
        var onGpu = new Trainer.Torch.Data.DataLoader(x.to(Gpu), y.to(Gpu), 6, shuffle: true, seed: 5);
        foreach (var ((cx, cy), (gx, gy)) in onCpu.Zip(onGpu))
        {
            Assert.Equal(DeviceType.CUDA, gx.device.type);
            Assert.Equal(cx.ToArray<float>(), gx.cpu().ToArray<float>());
            Assert.Equal(cy.ToArray<long>(), gy.cpu().ToArray<long>());
        }
    }

    [CudaFact]
    public void Save_CudaTensor_PyTorchLoadsItOnCuda()
    {
        using var dir = new TempDir();
        var path = dir.File("cuda.pt");
        using (var scope = NewDisposeScope())
            save(tensor(new float[] { 1.5f, -2, 3 }).to(Gpu), path);
        Assert.Equal("cuda:0 ok", Run($"""
            t = torch.load({Py(path)})
            assert torch.equal(t.cpu(), torch.tensor([1.5, -2, 3])), t
            print(t.device, 'ok')
            """));
    }

    [CudaFact]
    public void Load_PyTorchCudaTensor_ArrivesOnCuda()
    {
        using var dir = new TempDir();
        var path = dir.File("from-pytorch.pt");
        Run($"torch.save({{'w': torch.arange(6.).reshape(2, 3).cuda()}}, {Py(path)})");
        using var scope = NewDisposeScope();
        var loaded = Assert.IsType<Dictionary<object, object?>>(load(path));
        var w = Assert.IsType<Tensor>(loaded["w"]);
        Assert.Equal("cuda:0", w.device.ToString());
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, w.cpu().ToArray<float>());
        // map_location brings it to the CPU, as in PyTorch.
        var onCpu = Assert.IsType<Tensor>(Assert.IsType<Dictionary<object, object?>>(load(path, map_location: Device.CPU))["w"]);
        Assert.Equal(DeviceType.CPU, onCpu.device.type);
    }
}

using Trainer.Coordinator.DataParallel;
using Trainer.Tests;
using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

/// <summary>
/// Data parallelism with a CUDA replica: the flat buffers' host-mirror path (device tensors,
/// pulled and pushed around each exchange) must give what the CPU gives. With one GPU, a CUDA
/// replica is paired with a CPU replica, so a step crosses both kinds. Skipped without CUDA.
/// </summary>
[Collection(NativeState.Name)]
public class CudaTests
{
    [CudaTheory]
    [InlineData("mlp", "cuda:0", DataParallelMode.ParameterServer)]
    [InlineData("mlp", "cuda:0", DataParallelMode.AllReduce)]
    [InlineData("mlp", "cuda:0,cpu:0", DataParallelMode.ParameterServer)]
    [InlineData("mlp", "cpu:0,cuda:0", DataParallelMode.AllReduce)]
    [InlineData("tied", "cuda:0,cpu:0", DataParallelMode.ParameterServer)]
    [InlineData("tied", "cuda:0,cpu:0,cpu:1", DataParallelMode.AllReduce)]
    [InlineData("mlp", "cuda:0,cpu:0", DataParallelMode.ParameterServer, ShardBalance.Throughput)]
    [InlineData("tied", "cuda:0,cpu:0", DataParallelMode.AllReduce, ShardBalance.Throughput)]
    public void TrainStep_WithCudaReplica_MatchesOneCpuModel(string net, string devices, DataParallelMode mode,
        ShardBalance balance = ShardBalance.Even)
    {
        using var problem = Problem.ByName(net);
        var batches = Problem.Batches(epochs: 2);
        var expected = problem.Reference(batches);

        using var dp = problem.Trainer(devices, mode, balance: balance);
        var results = dp.TrainSteps(batches);

        Assert.Equal(batches.Length, dp.StepsApplied);
        Assert.Equal(batches.Select(b => b.Length), results.Select(r => r.Count));
        Assert.Empty(dp.Failures);
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    [CudaTheory]
    [InlineData(DataParallelMode.ParameterServer)]
    [InlineData(DataParallelMode.AllReduce)]
    public void TrainStep_CudaReplicaFailsInForward_RecomputedOnCpuAndAppliedOnce(DataParallelMode mode)
    {
        using var problem = Problem.Tied();
        var batches = Problem.Batches(epochs: 2);
        var expected = problem.Reference(batches);
        using var dp = problem.Trainer("cuda:0,cpu:0", mode, new FailureInjection("cuda:0", Step: 3));

        var results = dp.TrainSteps(batches);

        Assert.Equal(batches.Length, dp.StepsApplied);
        Assert.Equal(batches.Select(b => b.Length), results.Select(r => r.Count));
        Assert.Contains("cuda:0", Assert.Single(dp.Failures));
        Problem.AssertClose(expected, Problem.Values(dp.MasterModel));
    }

    [CudaFact]
    public void ParameterSet_OnCuda_MirrorsValuesAndGradients()
    {
        using var problem = Problem.Mlp();
        using var cpuNet = problem.Model();
        using var gpuNet = problem.Model();
        gpuNet.load_state_dict(cpuNet.state_dict());
        gpuNet.to(torch.CUDA);
        using var cpuSet = new ParameterSet(cpuNet);
        using var gpuSet = new ParameterSet(gpuNet);
        Assert.Equal(cpuSet.Values, gpuSet.Values);
        Assert.All(gpuSet.Parameters, p => Assert.Equal(DeviceType.CUDA, p.device.type));

        using var loss = problem.Loss();
        foreach (var (net, set, device) in new[] { (cpuNet, cpuSet, torch.CPU), (gpuNet, gpuSet, torch.CUDA) })
        {
            set.ZeroGradients();
            using var scope = torch.NewDisposeScope();
            loss.call(net.call(problem.X.to(device)), problem.Y.to(device)).backward();
            set.CheckGradientsBound();
            set.PullGradients();
        }
        for (var i = 0; i < cpuSet.Gradients.Length; i++) Assert.Equal(cpuSet.Gradients[i], gpuSet.Gradients[i], 1e-6f);

        // Pushed gradients land on the device; loaded values become the device parameters.
        var halved = gpuSet.Gradients.Select(g => g / 2).ToArray();
        halved.CopyTo(gpuSet.Gradients, 0);
        gpuSet.PushGradients();
        using (var g = gpuSet.Parameters[0].grad!)
            Assert.Equal(halved.Take(16 * 6).ToArray(), g.cpu().data<float>().ToArray());
        var values = Enumerable.Range(0, (int)gpuSet.Numel).Select(i => i * 1e-3f).ToArray();
        gpuSet.LoadValues(values);
        Assert.Equal(values, gpuSet.CopyValues());
        Assert.Equal(values.Take(16 * 6).ToArray(), Problem.Values(gpuNet)[0]);
    }
}

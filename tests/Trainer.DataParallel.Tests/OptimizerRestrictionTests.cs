using Trainer.Coordinator.DataParallel;
using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

/// <summary>
/// The sharded master steps its optimizer lane by lane, exact only for element-wise optimizers: any
/// other is refused when the trainer is built, with the way out, never trained with wrong numbers.
/// </summary>
[Collection(NativeState.Name)]
public class OptimizerRestrictionTests
{
    [Fact]
    public void Create_LbfgsInShardedParameterServerMode_RefusedNamingTheOptimizerAndAllReduce()
    {
        using var problem = Problem.Mlp();
        var options = new DataParallelOptions(problem.Model, problem.Loss, ps => torch.optim.LBFGS(ps), DeviceSpecs.Parse("cpu:0,cpu:1"),
            problem.Data, DataParallelMode.ParameterServer);
        var e = Assert.Throws<ArgumentException>(() => DataParallelTrainer.Create(options));
        Assert.Contains("LBFGS is not one of them", e.Message);
        Assert.Contains("--mode allreduce", e.Message);
    }
}

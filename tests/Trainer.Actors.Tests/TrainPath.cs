namespace Trainer.Actors.Tests;

/// <summary>The three ways <c>DataParallelTrainer</c> builds a coordinator, all runnable on CPU replicas.</summary>
public enum TrainPath
{
    /// <summary>Parameter-server mode on CPU replicas: they sum into a sharded master through the rendezvous and step its lanes.</summary>
    ShardedMaster,

    /// <summary>Parameter-server mode as with a CUDA device: no rendezvous; the coordinator sums the gradients, steps the master and broadcasts.</summary>
    CoordinatorSums,

    /// <summary>All-reduce mode: the replicas sum among themselves and each steps its own optimizer.</summary>
    AllReduce,
}

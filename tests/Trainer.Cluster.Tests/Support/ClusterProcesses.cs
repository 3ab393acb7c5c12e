namespace Trainer.Cluster.Tests.Support;

/// <summary>Tests that start trainer processes run one at a time: the machine has two cores, and each run wants both.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterProcesses
{
    public const string Name = "cluster processes";
}

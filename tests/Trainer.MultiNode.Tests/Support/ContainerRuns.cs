namespace Trainer.MultiNode.Tests.Support;

/// <summary>
/// The container tests run one at a time (two cores; a run wants them all) and share one
/// <see cref="CleanRun"/>: the reference every failure case is compared with.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ContainerRuns : ICollectionFixture<CleanRun>
{
    public const string Name = "containers";
}

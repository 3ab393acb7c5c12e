namespace Trainer.Distributed.Tests;

/// <summary>
/// Tests that start several peer processes share this collection: on a 2-core machine two such
/// tests at once would slow each other's ranks enough to blur the timeout tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiProcess
{
    public const string Name = "multi-process";
}

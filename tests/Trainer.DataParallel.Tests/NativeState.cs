namespace Trainer.DataParallel.Tests;

/// <summary>
/// Tests that touch process-wide native state (seed, thread count, live-tensor counts) join
/// this collection so that xunit never runs them at the same time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeState
{
    public const string Name = "native state";
}

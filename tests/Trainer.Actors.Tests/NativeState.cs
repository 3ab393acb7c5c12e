namespace Trainer.Actors.Tests;

/// <summary>
/// Tests that touch process-wide native state join this collection so that xunit never runs
/// them at the same time: seeds, libtorch's thread-count default (every CPU replica sets its own,
/// which libtorch also keeps as the default for new threads), and the live-tensor count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeState
{
    public const string Name = "native state";
}

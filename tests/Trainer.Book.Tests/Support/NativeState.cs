namespace Trainer.Book.Tests.Support;

/// <summary>
/// Tests that seed libtorch's global generator (manual_seed) and then draw from it join this
/// collection, so that xunit never runs two of them at once and a seeded draw stays seeded.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeState
{
    public const string Name = "native state";
}

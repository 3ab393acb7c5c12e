namespace Trainer.Serialization.Tests;

/// <summary>
/// Tests that count live tensors (a process-wide number) join this collection so that xunit runs
/// them alone, never beside a test that makes tensors of its own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeState
{
    public const string Name = "native state";
}

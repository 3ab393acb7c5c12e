namespace Trainer.Shared.StateDict;

/// <summary>What a non-strict load left out: PyTorch's <c>_IncompatibleKeys</c>.</summary>
public sealed record LoadResult(IReadOnlyList<string> missing_keys, IReadOnlyList<string> unexpected_keys);

namespace Trainer.Shared.Serialization;

/// <summary>
/// A saved tensor as its pickle describes it, without its data: enough to list it and to check
/// that it fits the storage record it names, and cheap however big the tensor is.
/// </summary>
/// <param name="Shape">The sizes; empty for a 0-d tensor.</param>
/// <param name="Stride">Elements between neighbours along each dimension.</param>
/// <param name="DType">PyTorch's name, e.g. <c>torch.float32</c>.</param>
/// <param name="StorageKey">The record <c>ARCHIVE/data/KEY</c> that holds the storage.</param>
/// <param name="StorageOffset">Where the tensor starts in its storage, in elements.</param>
/// <param name="IsParameter">Saved as an <c>nn.Parameter</c> rather than a plain tensor.</param>
public sealed record TensorInfo(
    IReadOnlyList<long> Shape,
    IReadOnlyList<long> Stride,
    string DType,
    string StorageKey,
    long StorageOffset,
    bool IsParameter = false);

namespace Trainer.Shared.Serialization;

/// <summary>
/// A resolved <c>torch.XStorage</c> global. PyTorch names a storage's element type by its legacy
/// storage class in every tensor's persistent id, even in 2.x files, so this is where a saved
/// tensor's dtype comes from.
/// </summary>
internal sealed record StorageType(string DType, int ElementSize)
{
    private static readonly Dictionary<string, StorageType> ByClassName = new()
    {
        ["FloatStorage"] = new("torch.float32", 4),
        ["DoubleStorage"] = new("torch.float64", 8),
        ["HalfStorage"] = new("torch.float16", 2),
        ["BFloat16Storage"] = new("torch.bfloat16", 2),
        ["ComplexFloatStorage"] = new("torch.complex64", 8),
        ["ComplexDoubleStorage"] = new("torch.complex128", 16),
        ["LongStorage"] = new("torch.int64", 8),
        ["IntStorage"] = new("torch.int32", 4),
        ["ShortStorage"] = new("torch.int16", 2),
        ["CharStorage"] = new("torch.int8", 1),
        ["ByteStorage"] = new("torch.uint8", 1),
        ["BoolStorage"] = new("torch.bool", 1),
        ["QInt8Storage"] = new("torch.qint8", 1),
        ["QUInt8Storage"] = new("torch.quint8", 1),
        ["QInt32Storage"] = new("torch.qint32", 4),
        // Raw bytes: what PyTorch writes for a storage saved on its own rather than under a tensor.
        ["UntypedStorage"] = new("torch.uint8", 1),
    };

    internal static bool TryParse(string className, out StorageType type) => ByClassName.TryGetValue(className, out type!);
}

/// <summary>A storage named by a persistent id: its record key, element type and size in elements.</summary>
internal sealed record StorageRef(string Key, StorageType Type, long Numel);

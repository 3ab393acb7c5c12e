namespace Trainer.Torch.Serialization;

/// <summary>
/// PyTorch's legacy storage classes (<c>torch.FloatStorage</c> …), which name a storage's
/// element type in the persistent id of every saved tensor.
/// </summary>
internal static class StorageTypes
{
    private static readonly Dictionary<string, ScalarType> ByName = new()
    {
        ["FloatStorage"] = ScalarType.Float32,
        ["DoubleStorage"] = ScalarType.Float64,
        ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16,
        ["LongStorage"] = ScalarType.Int64,
        ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16,
        ["CharStorage"] = ScalarType.Int8,
        ["ByteStorage"] = ScalarType.UInt8,
        ["BoolStorage"] = ScalarType.Bool,
        ["UntypedStorage"] = ScalarType.UInt8,
    };

    internal static bool TryParse(string name, out ScalarType dtype) => ByName.TryGetValue(name, out dtype);

    internal static string NameOf(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "FloatStorage",
        ScalarType.Float64 => "DoubleStorage",
        ScalarType.Float16 => "HalfStorage",
        ScalarType.BFloat16 => "BFloat16Storage",
        ScalarType.Int64 => "LongStorage",
        ScalarType.Int32 => "IntStorage",
        ScalarType.Int16 => "ShortStorage",
        ScalarType.Int8 => "CharStorage",
        ScalarType.UInt8 => "ByteStorage",
        ScalarType.Bool => "BoolStorage",
        _ => throw new NotSupportedException($"torch.save cannot write {dtype} tensors"),
    };
}

/// <summary>A resolved <c>torch.XStorage</c> global: the element type of a storage.</summary>
internal sealed record StorageType(string Name, ScalarType DType);

/// <summary>A resolved global that torch.load knows how to call.</summary>
internal sealed record TorchGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

namespace Trainer.Torch;

/// <summary>Maps C# element types to <see cref="ScalarType"/> and back.</summary>
public static class ScalarTypes
{
    public static ScalarType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(double) ? ScalarType.Float64
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(int) ? ScalarType.Int32
        : typeof(T) == typeof(short) ? ScalarType.Int16
        : typeof(T) == typeof(byte) ? ScalarType.UInt8
        : typeof(T) == typeof(sbyte) ? ScalarType.Int8
        : typeof(T) == typeof(bool) ? ScalarType.Bool
        : typeof(T) == typeof(Half) ? ScalarType.Float16
        : throw new NotSupportedException($"no tensor element type for {typeof(T).Name}");

    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this ScalarType type) => type switch
    {
        ScalarType.UInt8 or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => throw new NotSupportedException($"unsupported dtype {type}"),
    };

    public static bool IsFloatingPoint(this ScalarType type) =>
        type is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16;
}

using System.Buffers.Binary;
using System.Text;

namespace Trainer;

/// <summary>
/// The header of a .npy file as numpy.lib.format writes it: the magic <c>\x93NUMPY</c>, a
/// version (1.0, 2.0 or 3.0: 2.0 widens the header length to 4 bytes for huge shapes, 3.0 makes
/// the header UTF-8), then a Python dict literal with <c>descr</c>, <c>fortran_order</c> and
/// <c>shape</c>. Only what the batch source can map row by row is accepted: the dtypes in
/// <see cref="Dtypes"/>, C order, at least one dimension. Every refusal is an
/// <see cref="InvalidDataException"/> that starts with the path and names what was found.
/// </summary>
internal sealed record NpyHeader(string Descr, ScalarType Type, int ItemSize, long[] Shape, long DataOffset)
{
    /// <summary>
    /// The dtypes read, as numpy spells them for little-endian machines: enough for images
    /// (uint8), features and regression targets (float32) and class indices (int64).
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, (ScalarType Type, int Size, string Name)> Dtypes =
        new Dictionary<string, (ScalarType, int, string)>
        {
            ["<f4"] = (ScalarType.Float32, 4, "float32"),
            ["|u1"] = (ScalarType.Byte, 1, "uint8"),
            ["<i8"] = (ScalarType.Int64, 8, "int64"),
        };

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private static string Supported => string.Join(", ", Dtypes.Select(d => $"'{d.Key}' ({d.Value.Name})"));

    /// <summary>Bytes of data the header promises after <see cref="DataOffset"/>; null when that overflows a long.</summary>
    internal long? DataBytes
    {
        get
        {
            try { return checked(Shape.Aggregate((long)ItemSize, (n, d) => n * d)); }
            catch (OverflowException) { return null; }
        }
    }

    /// <summary>The shape as Python prints it, for messages: <c>(60000, 28, 28)</c>, <c>(10,)</c>.</summary>
    internal string ShapeText => Shape.Length == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";

    /// <summary>Reads and checks the header at the start of <paramref name="stream"/>.</summary>
    internal static NpyHeader Read(Stream stream, string path)
    {
        var prefix = new byte[8];
        if (stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length || !prefix.AsSpan(0, 6).SequenceEqual(Magic))
            throw new InvalidDataException($"{path} is not a .npy file: it does not start with \\x93NUMPY");
        var (major, minor) = (prefix[6], prefix[7]);
        if (major is < 1 or > 3 || minor != 0)
            throw new InvalidDataException($"{path} has .npy format version {major}.{minor}; supported: 1.0, 2.0, 3.0");

        var lengthField = new byte[major == 1 ? 2 : 4];
        ReadExactly(stream, lengthField, path, "header length");
        var length = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField) : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        if (length > 1 << 24)
            throw new InvalidDataException($"{path} declares a header of {length} bytes, far more than any shape needs: not a .npy file numpy wrote");
        var header = new byte[length];
        ReadExactly(stream, header, path, "header");
        var text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(header);
        return FromDict(path, text, prefix.Length + lengthField.Length + length);
    }

    private static NpyHeader FromDict(string path, string text, long dataOffset)
    {
        object? parsed;
        try { parsed = PyLiteral.Parse(text); }
        catch (FormatException e) { throw Malformed(path, text, e.Message); }
        if (parsed is not Dictionary<string, object?> dict) throw Malformed(path, text, "it is not a dict");
        foreach (var key in new[] { "descr", "fortran_order", "shape" })
            if (!dict.ContainsKey(key)) throw Malformed(path, text, $"it has no '{key}'");

        if (dict["descr"] is not string descr)
            throw new InvalidDataException($"{path} holds a structured dtype ({Describe(dict["descr"])}); supported: {Supported}");
        if (!Dtypes.TryGetValue(descr, out var dtype))
            throw new InvalidDataException($"{path} holds dtype '{descr}'{Hint(descr)}; supported: {Supported}");
        if (dict["fortran_order"] is not bool fortran) throw Malformed(path, text, "'fortran_order' is not True or False");
        if (fortran)
            throw new InvalidDataException($"{path} is in Fortran order (fortran_order True); only C-order arrays are read (save np.ascontiguousarray(a) instead)");
        if (dict["shape"] is not IReadOnlyList<object?> dims || dims.Any(d => d is not long n || n < 0))
            throw Malformed(path, text, "'shape' is not a tuple of non-negative integers");
        if (dims.Count == 0)
            throw new InvalidDataException($"{path} holds a 0-d array (shape ()); a data set needs a first (sample) dimension");
        return new NpyHeader(descr, dtype.Type, dtype.Size, dims.Select(d => (long)d!).ToArray(), dataOffset);
    }

    /// <summary>What to do about the usual foreign dtypes, beyond naming them.</summary>
    private static string Hint(string descr) => descr switch
    {
        ['>', ..] => " (big-endian: save a.astype(a.dtype.newbyteorder('<')))",
        "|O" => " (Python objects, pickled)",
        "<f8" => " (float64: save a.astype(np.float32))",
        _ => "",
    };

    private static string Describe(object? value) => value switch
    {
        string s => $"'{s}'",
        IReadOnlyList<object?> items => $"[{string.Join(", ", items.Select(Describe))}]",
        null => "None",
        _ => value.ToString() ?? "",
    };

    private static InvalidDataException Malformed(string path, string text, string fault) =>
        new($"{path} has a malformed .npy header: {fault} (header {text.TrimEnd()})");

    private static void ReadExactly(Stream s, byte[] buffer, string path, string what)
    {
        var read = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
            throw new InvalidDataException($"{path} is truncated: its {what} needs {buffer.Length} bytes, only {read} follow");
    }
}

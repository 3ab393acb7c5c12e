using System.Text;

namespace Trainer.Shared.Serialization;

/// <summary>
/// A <see cref="TorchFileMetadata"/> tree as one line per tensor or plain value, in file order:
/// containers open into dotted keys, the way state_dict keys read (<c>state.0.momentum_buffer</c>,
/// <c>param_groups.0.lr</c>), each key padded to the widest, then two spaces and the value; a
/// tensor shows as <c>[2, 3]  torch.float32</c>.
/// </summary>
/// <remarks>
/// A pickle can nest containers deeply, make one hold itself, or share one container many times
/// so that a small file describes a huge tree. So the tree is walked twice: once to measure it
/// (the widest key, and the bounds on depth, lines and characters, past which the file is
/// refused before anything is printed), then to write it, line by line, holding no listing in
/// memory. No real state_dict comes near the bounds.
/// </remarks>
public static class MetadataListing
{
    public const int MaxDepth = 500;
    public const int MaxLines = 1_000_000;
    public const long MaxChars = 256L << 20;

    /// <summary>Writes the listing of <paramref name="root"/>; the key is left out when the file holds one value.</summary>
    /// <exception cref="TorchFileException">The tree is past one of the bounds; nothing has been written.</exception>
    public static void Write(object? root, TextWriter output)
    {
        var lines = 0;
        long chars = 0;
        var width = 0;
        Walk("", root, 0, (key, what) =>
        {
            chars += key.Length + what.Length + 3;
            if (++lines > MaxLines || chars > MaxChars)
                throw new TorchFileException($"the listing would exceed {MaxLines} lines or {MaxChars} characters (one container shared many times over?)");
            width = Math.Max(width, key.Length);
        });
        Walk("", root, 0, (key, what) => output.WriteLine(key.Length == 0 ? what : $"{key.PadRight(width)}  {what}"));
    }

    /// <summary>The listing as lines, for callers that want it in memory.</summary>
    public static IReadOnlyList<string> Lines(object? root)
    {
        var text = new StringWriter();
        Write(root, text);
        return text.ToString().Split(text.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>How a tensor lists: its shape, two spaces, its dtype (a 0-d tensor's shape is []).</summary>
    public static string Describe(TensorInfo t) => $"[{string.Join(", ", t.Shape)}]  {t.DType}";

    private static void Walk(string key, object? value, int depth, Action<string, string> line)
    {
        if (depth > MaxDepth)
            throw new TorchFileException($"containers nest deeper than {MaxDepth} levels (or one contains itself)");
        switch (value)
        {
            case TensorInfo t: line(key, Describe(t)); break;
            case StorageRef s: line(key, $"<storage of {s.Numel} {s.Type.DType}>"); break;
            case PyDict d:
                if (d.Count == 0) line(key, d.IsOrderedDict ? "OrderedDict()" : "{}");
                foreach (var (k, v) in d) Walk(Join(key, k), v, depth + 1, line);
                break;
            case List<object?> list:
                if (list.Count == 0) line(key, "[]");
                for (var i = 0; i < list.Count; i++) Walk(Join(key, i), list[i], depth + 1, line);
                break;
            case object?[] tuple:
                if (tuple.Length == 0) line(key, "()");
                for (var i = 0; i < tuple.Length; i++) Walk(Join(key, i), tuple[i], depth + 1, line);
                break;
            default: line(key, PyRepr.Of(value)); break;
        }
    }

    private static string Join(string prefix, object key)
    {
        var k = key as string ?? PyRepr.Of(key);
        if ((long)prefix.Length + k.Length >= MaxChars)
            throw new TorchFileException($"a key would be longer than {MaxChars} characters");
        return prefix.Length == 0 ? k : new StringBuilder(prefix.Length + 1 + k.Length).Append(prefix).Append('.').Append(k).ToString();
    }
}

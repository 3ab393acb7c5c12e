using System.Globalization;
using System.Text;

namespace Trainer.Torch;

/// <summary>
/// Re-expresses PyTorch 1.13's <c>torch/_tensor_str.py</c> with its default print options
/// (precision 4, threshold 1000, edgeitems 3, linewidth 80), so that a tensor prints here as
/// it does in Python and book output can be compared as text.
/// </summary>
internal static class TensorFormatter
{
    private const int Precision = 4;
    private const int Threshold = 1000;
    private const int EdgeItems = 3;
    private const int LineWidth = 80;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    internal static string Repr(Tensor t)
    {
        const string prefix = "tensor(";
        var indent = prefix.Length;
        var suffixes = new List<string>();
        var device = t.device;
        if (device.type != DeviceType.CPU) suffixes.Add($"device='{device}'");
        var dtype = t.dtype;
        string body;
        var shape = t.shape;
        if (t.numel() == 0)
        {
            if (shape.Length != 1) suffixes.Add("size=" + PyTuple(shape));
            if (dtype != ScalarType.Float32) suffixes.Add("dtype=" + DtypeName(dtype));
            body = "[]";
        }
        else
        {
            if (dtype is not (ScalarType.Float32 or ScalarType.Int64 or ScalarType.Bool)) suffixes.Add("dtype=" + DtypeName(dtype));
            body = Body(t, indent);
        }
        var gradFn = t.grad_fn_name();
        if (gradFn != null) suffixes.Add($"grad_fn=<{gradFn}>");
        else if (t.requires_grad) suffixes.Add("requires_grad=True");
        var text = AddSuffixes(prefix + body, suffixes, indent);
        return t is Parameter ? "Parameter containing:\n" + text : text;
    }

    /// <summary>PyTorch's name for a dtype, as in <c>dtype=torch.float64</c>.</summary>
    internal static string DtypeName(ScalarType type) => "torch." + type switch
    {
        ScalarType.UInt8 => "uint8",
        ScalarType.Int8 => "int8",
        ScalarType.Int16 => "int16",
        ScalarType.Int32 => "int32",
        ScalarType.Int64 => "int64",
        ScalarType.Float16 => "float16",
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Bool => "bool",
        ScalarType.BFloat16 => "bfloat16",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string PyTuple(long[] shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    private static string AddSuffixes(string text, List<string> suffixes, int indent)
    {
        var sb = new StringBuilder(text);
        var lastLineLength = text.Length - text.LastIndexOf('\n') + 1;
        foreach (var suffix in suffixes)
        {
            if (lastLineLength + suffix.Length + 2 > LineWidth)
            {
                sb.Append(",\n").Append(' ', indent).Append(suffix);
                lastLineLength = indent + suffix.Length;
            }
            else
            {
                sb.Append(", ").Append(suffix);
                lastLineLength += suffix.Length + 2;
            }
        }
        return sb.Append(')').ToString();
    }

    /// <summary>
    /// The bracketed values. When summarizing, only the edge items of each long dimension are
    /// copied out (PyTorch's get_summarized_data), and "..." marks what was skipped.
    /// </summary>
    private static string Body(Tensor t, int indent)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var fullShape = t.shape;
        var summarize = t.numel() > Threshold;
        var shown = summarize ? Summarized(t, fullShape) : t;
        var values = Values(shown, out var floating);
        var f = new Formatter(values, floating);
        var sb = new StringBuilder();
        var position = 0;
        Write(sb, f, values, fullShape, 0, indent, summarize, ref position);
        return sb.ToString();
    }

    private static Tensor Summarized(Tensor t, long[] shape)
    {
        for (var d = 0; d < shape.Length; d++)
            if (shape[d] > 2 * EdgeItems)
                t = torch.cat(new[] { t.narrow(d, 0, EdgeItems), t.narrow(d, shape[d] - EdgeItems, EdgeItems) }, d);
        return t;
    }

    /// <summary>One element as its formatter reads it: a double for floating types, else its Python text.</summary>
    private readonly record struct Element(double Number, string? Text);

    private static Element[] Values(Tensor t, out bool floating)
    {
        var dtype = t.dtype;
        floating = dtype.IsFloatingPoint();
        if (floating) return t.to(ScalarType.Float64).ToArray<double>().Select(v => new Element(v, null)).ToArray();
        if (dtype == ScalarType.Bool) return t.ToArray<bool>().Select(b => new Element(0, b ? "True" : "False")).ToArray();
        return t.to(ScalarType.Int64).ToArray<long>().Select(v => new Element(v, v.ToString(Inv))).ToArray();
    }

    private static void Write(StringBuilder sb, Formatter f, Element[] values, long[] shape, int dim, int indent,
        bool summarize, ref int position)
    {
        var rank = shape.Length;
        if (rank == 0)
        {
            sb.Append(f.Format(values[position++]));
            return;
        }
        var size = shape[dim];
        var skip = summarize && size > 2 * EdgeItems;
        var count = skip ? 2 * EdgeItems : size;
        if (dim == rank - 1)
        {
            var items = new List<string>();
            for (var i = 0; i < count; i++)
            {
                if (skip && i == EdgeItems) items.Add(" ...");
                items.Add(f.Format(values[position++]));
            }
            var perLine = Math.Max(1, (LineWidth - indent) / (f.Width + 2));
            sb.Append('[');
            for (var i = 0; i < items.Count; i++)
            {
                if (i > 0) sb.Append(i % perLine == 0 ? ",\n" + new string(' ', indent + 1) : ", ");
                sb.Append(items[i]);
            }
            sb.Append(']');
            return;
        }
        var separator = "," + new string('\n', rank - dim - 1) + new string(' ', indent + 1);
        sb.Append('[');
        for (var i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(separator);
            if (skip && i == EdgeItems) sb.Append("...").Append(separator);
            Write(sb, f, values, shape, dim + 1, indent + 1, summarize, ref position);
        }
        sb.Append(']');
    }

    /// <summary>PyTorch's _Formatter: picks integer, fixed or scientific notation and a common width.</summary>
    private sealed class Formatter
    {
        private readonly bool floating;
        private readonly bool intMode = true;
        private readonly bool sciMode;
        internal readonly int Width = 1;

        internal Formatter(Element[] values, bool floating)
        {
            this.floating = floating;
            if (!floating)
            {
                foreach (var v in values) Width = Math.Max(Width, v.Text!.Length);
                return;
            }
            var finite = values.Select(v => v.Number).Where(v => double.IsFinite(v) && v != 0).ToArray();
            if (finite.Length == 0) return;
            var min = finite.Min(Math.Abs);
            var max = finite.Max(Math.Abs);
            intMode = finite.All(v => v == Math.Ceiling(v));
            sciMode = max / min > 1000.0 || max > 1.0e8 || (!intMode && min < 1.0e-4);
            foreach (var v in finite)
            {
                var length = sciMode ? Sci(v).Length : intMode ? Fixed(v, 0).Length + 1 : Fixed(v, Precision).Length;
                Width = Math.Max(Width, length);
            }
        }

        internal string Format(Element e)
        {
            string text;
            if (!floating) text = e.Text!;
            else if (sciMode) text = Sci(e.Number);
            else if (intMode) text = Fixed(e.Number, 0) + (double.IsFinite(e.Number) ? "." : "");
            else text = Fixed(e.Number, Precision);
            return text.Length < Width ? new string(' ', Width - text.Length) + text : text;
        }
    }

    private static string? NonFinite(double v) =>
        double.IsNaN(v) ? "nan" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf" : null;

    /// <summary>Python's <c>'{:.Nf}'.format(v)</c>.</summary>
    private static string Fixed(double v, int digits) => NonFinite(v) ?? v.ToString("F" + digits, Inv);

    /// <summary>Python's <c>'{:.4e}'.format(v)</c>: exponent with a sign and at least two digits.</summary>
    private static string Sci(double v)
    {
        var special = NonFinite(v);
        if (special != null) return special;
        var s = v.ToString("E" + Precision, Inv); // 1.2345E+003
        var e = s.IndexOf('E');
        var mantissa = s[..e];
        var sign = s[e + 1];
        var exponent = s[(e + 2)..].TrimStart('0');
        if (exponent.Length < 2) exponent = exponent.PadLeft(2, '0');
        return $"{mantissa}e{sign}{exponent}";
    }
}

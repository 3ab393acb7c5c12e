using System.Globalization;
using System.Numerics;
using System.Text;

namespace Trainer.Shared.Serialization;

/// <summary>
/// How Python's <c>repr</c> prints the plain values a pickle holds (<c>0.1</c>, <c>1e-05</c>,
/// <c>'adam'</c>, <c>None</c>, <c>True</c>), so that a listing reads like PyTorch's own
/// <c>print(sd)</c> and can be compared with it.
/// </summary>
public static class PyRepr
{
    /// <summary>The repr of a plain value; containers and tensors are the listing's business, not this.</summary>
    public static string Of(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        BigInteger i => i.ToString(CultureInfo.InvariantCulture),
        double d => Float(d),
        string s => String(s),
        byte[] bytes => Bytes(bytes),
        object?[] or List<object?> => Sequence(value),
        _ => value.ToString() ?? "",
    };

    /// <summary>Longest repr of a tuple or list (a dict key's parts): pickled ones can share or hold themselves.</summary>
    private const int MaxSequenceChars = 200;

    private static string Sequence(object value)
    {
        var sb = new StringBuilder();
        AppendSequence(sb, value, 0);
        return sb.Length > MaxSequenceChars ? sb.ToString(0, MaxSequenceChars) + "…" : sb.ToString();
    }

    private static void AppendSequence(StringBuilder sb, object? value, int depth)
    {
        var (items, open, close) = value switch
        {
            object?[] t => ((IReadOnlyList<object?>)t, '(', t.Length == 1 ? ",)" : ")"),
            List<object?> l => (l, '[', "]"),
            _ => (null!, ' ', ""),
        };
        if (items is null) { sb.Append(Of(value)); return; }
        if (depth > 8) { sb.Append("..."); return; }
        sb.Append(open);
        for (var i = 0; i < items.Count && sb.Length <= MaxSequenceChars; i++)
        {
            if (i > 0) sb.Append(", ");
            AppendSequence(sb, items[i], depth + 1);
        }
        sb.Append(close);
    }

    /// <summary>
    /// Python's shortest round-trip float repr: fixed notation for decimal exponents -4 to 15,
    /// scientific (<c>1e-05</c>, <c>1e+16</c>) outside, and always a point or an exponent.
    /// .NET's "R" gives the same digits but switches to scientific at 1E+15 and spells it <c>1E-05</c>.
    /// </summary>
    public static string Float(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        var sign = double.IsNegative(d) ? "-" : "";
        var r = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E');
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? r : r[..e];
        var point = mantissa.IndexOf('.');
        var whole = point < 0 ? mantissa : mantissa[..point];
        var all = whole + (point < 0 ? "" : mantissa[(point + 1)..]);
        var digits = all.TrimStart('0');
        if (digits.Length == 0) return sign + "0.0";
        var decimalPoint = whole.Length + exponent - (all.Length - digits.Length); // digits before the point
        digits = digits.TrimEnd('0');
        var x = decimalPoint - 1;
        if (x is < -4 or >= 16)
        {
            var rest = digits.Length > 1 ? "." + digits[1..] : "";
            return $"{sign}{digits[0]}{rest}e{(x < 0 ? '-' : '+')}{Math.Abs(x):00}";
        }
        if (decimalPoint <= 0) return $"{sign}0.{new string('0', -decimalPoint)}{digits}";
        if (decimalPoint >= digits.Length) return $"{sign}{digits}{new string('0', decimalPoint - digits.Length)}.0";
        return $"{sign}{digits[..decimalPoint]}.{digits[decimalPoint..]}";
    }

    /// <summary>Python's str repr: single quotes unless the text holds one and no double quote.</summary>
    public static string String(string s)
    {
        var quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2).Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case var q when q == quote: sb.Append('\\').Append(q); break;
                case < ' ' or '\x7f': sb.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append(quote).ToString();
    }

    /// <summary>Short bytes as Python prints them; long ones by their length, since a listing line is for reading.</summary>
    public static string Bytes(byte[] bytes)
    {
        if (bytes.Length > 32) return $"<{bytes.Length} bytes>";
        var sb = new StringBuilder("b'");
        foreach (var b in bytes)
        {
            if (b == '\\' || b == '\'') sb.Append('\\').Append((char)b);
            else if (b is >= 32 and < 127) sb.Append((char)b);
            else sb.Append(@"\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return sb.Append('\'').ToString();
    }

    /// <summary>What kind of thing a value is, for error messages ("a tuple of 3 items").</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "None",
        PyDict d => $"{(d.IsOrderedDict ? "an OrderedDict" : "a dict")} of {d.Count} entries",
        object?[] tuple => $"a tuple of {tuple.Length} items",
        List<object?> list => $"a list of {list.Count} items",
        string => "a string",
        bool => "a bool",
        long or BigInteger => "an int",
        double => "a float",
        byte[] => "bytes",
        TensorInfo => "a tensor",
        StorageRef => "a storage",
        PyGlobal g => $"the global {g}",
        StorageType t => $"a {t.DType} storage class",
        _ => $"a {value.GetType().Name}",
    };

    /// <summary>At most <paramref name="max"/> characters of <paramref name="text"/>, marked when cut.</summary>
    internal static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}

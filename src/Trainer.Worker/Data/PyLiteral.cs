using System.Globalization;
using System.Text;

namespace Trainer;

/// <summary>
/// The Python literals a .npy header is written in (numpy writes <c>repr</c> of a dict and reads
/// it back with <c>ast.literal_eval</c>): dicts, tuples, lists, strings, integers (with the
/// Python 2 <c>L</c> suffix old files carry), True, False and None. Anything else is a
/// <see cref="FormatException"/> saying where, which the header reader turns into a message naming the file.
/// Tuples and lists both come back as <see cref="IReadOnlyList{T}"/>, dicts as a dictionary, integers as long.
/// </summary>
internal sealed class PyLiteral
{
    private readonly string text;
    private int at;

    private PyLiteral(string text) => this.text = text;

    /// <summary>The one literal <paramref name="text"/> holds (white space around it allowed).</summary>
    internal static object? Parse(string text)
    {
        var parser = new PyLiteral(text);
        var value = parser.Value();
        parser.SkipSpace();
        if (parser.at != text.Length) throw parser.Error("end of the literal");
        return value;
    }

    private object? Value()
    {
        SkipSpace();
        if (at >= text.Length) throw Error("a value");
        var c = text[at];
        return c switch
        {
            '{' => Dict(),
            '(' => Sequence(')'),
            '[' => Sequence(']'),
            '\'' or '"' => String(),
            _ when c == '-' || char.IsAsciiDigit(c) => Integer(),
            _ => Name(),
        };
    }

    private Dictionary<string, object?> Dict()
    {
        at++;
        var dict = new Dictionary<string, object?>();
        while (!Closes('}'))
        {
            SkipSpace();
            if (at >= text.Length || (text[at] != '\'' && text[at] != '"')) throw Error("a string key");
            var key = String();
            Expect(':');
            dict[key] = Value();
            if (Closes('}')) break;
            Expect(',');
        }
        return dict;
    }

    private List<object?> Sequence(char close)
    {
        at++;
        var items = new List<object?>();
        while (!Closes(close))
        {
            items.Add(Value());
            if (Closes(close)) break;
            Expect(',');
        }
        return items;
    }

    private string String()
    {
        var quote = text[at++];
        var value = new StringBuilder();
        while (at < text.Length && text[at] != quote)
        {
            if (text[at] == '\\' && at + 1 < text.Length) at++;
            value.Append(text[at++]);
        }
        if (at >= text.Length) throw Error($"a closing {quote}");
        at++;
        return value.ToString();
    }

    private long Integer()
    {
        var start = at;
        if (text[at] == '-') at++;
        while (at < text.Length && char.IsAsciiDigit(text[at])) at++;
        if (!long.TryParse(text.AsSpan(start, at - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw Error("an integer");
        if (at < text.Length && text[at] is 'L' or 'l') at++;
        return value;
    }

    private object? Name()
    {
        var start = at;
        while (at < text.Length && char.IsAsciiLetterOrDigit(text[at])) at++;
        return text[start..at] switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ => throw Error("a value", start),
        };
    }

    /// <summary>True (and past it) when the next character closes the current dict or sequence.</summary>
    private bool Closes(char close)
    {
        SkipSpace();
        if (at >= text.Length) throw Error($"'{close}'");
        if (text[at] != close) return false;
        at++;
        return true;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (at >= text.Length || text[at] != c) throw Error($"'{c}'");
        at++;
    }

    private void SkipSpace()
    {
        while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
    }

    private FormatException Error(string expected, int? where = null)
    {
        var position = where ?? at;
        var found = position < text.Length ? $"'{text[position]}'" : "the end";
        return new FormatException($"expected {expected} at character {position}, found {found}");
    }
}

using System.Globalization;
using System.Text;

namespace Trainer.Torch;

public static partial class torch
{
    public static partial class nn
    {
        // Printing the module tree exactly as PyTorch's Module.__repr__ does.
        public abstract partial class Module
        {
            /// <summary>The layer's settings inside its parentheses, e.g. <c>in_features=20, out_features=256, bias=True</c>.</summary>
            public virtual string extra_repr() => "";

            /// <summary>The class name PyTorch prints; generic arity suffixes are dropped.</summary>
            public virtual string _get_name()
            {
                var n = GetType().Name;
                var tick = n.IndexOf('`');
                return tick < 0 ? n : n[..tick];
            }

            public override string ToString()
            {
                var extra = extra_repr();
                var extraLines = extra.Length == 0 ? new List<string>() : extra.Split('\n').ToList();
                var childLines = ModuleEntries.Select(kv => $"({kv.Key}): {AddIndent(kv.Value.ToString(), 2)}").ToList();
                var lines = extraLines.Concat(childLines).ToList();
                var s = new StringBuilder(_get_name()).Append('(');
                if (lines.Count > 0)
                {
                    if (extraLines.Count == 1 && childLines.Count == 0) s.Append(extraLines[0]);
                    else s.Append("\n  ").Append(string.Join("\n  ", lines)).Append('\n');
                }
                return s.Append(')').ToString();
            }

            private static string AddIndent(string text, int spaces)
            {
                var lines = text.Split('\n');
                if (lines.Length == 1) return text;
                var pad = new string(' ', spaces);
                return lines[0] + "\n" + string.Join("\n", lines.Skip(1).Select(l => pad + l));
            }

            /// <summary>Python's rendering of a bool.</summary>
            internal static string Py(bool b) => b ? "True" : "False";

            /// <summary>Python's repr of a float: shortest round trip, always with a decimal point.</summary>
            internal static string Py(double d)
            {
                var s = d.ToString("R", CultureInfo.InvariantCulture);
                return s.Contains('.') || s.Contains('E') || s.Contains("Infinity") || s.Contains("NaN") ? s : s + ".0";
            }
        }
    }
}

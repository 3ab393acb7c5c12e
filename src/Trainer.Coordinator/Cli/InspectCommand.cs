using System.Collections;
using System.CommandLine;
using Trainer.Torch;
using Trainer.Torch.Serialization;

namespace Trainer.Coordinator.Cli;

/// <summary>
/// `trainer inspect FILE`: the keys, shapes and dtypes of a torch.save file (a state_dict,
/// an optimizer state, a checkpoint). A file that cannot be read gives one line on stderr
/// and exit code 1, never a stack trace.
/// </summary>
internal static class InspectCommand
{
    internal static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A file written by torch.save (PyTorch's or ours)." };
        var command = new Command("inspect", "List the keys, shapes and dtypes of a saved .pt file.") { file };
        command.SetAction(result => Run(result.GetValue(file)!.FullName, Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string path, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(path))
        {
            stderr.WriteLine($"trainer inspect: {path}: no such file");
            return 1;
        }
        object? loaded;
        try
        {
            using var scope = torch.NewDisposeScope();
            loaded = torch.load(path);
            var lines = new List<(string Key, string What)>();
            Describe("", loaded, lines);
            var width = lines.Count == 0 ? 0 : lines.Max(l => l.Key.Length);
            foreach (var (key, what) in lines)
                stdout.WriteLine(key.Length == 0 ? what : $"{key.PadRight(width)}  {what}");
            DisposeAll(loaded);
            return 0;
        }
        catch (Exception e) when (e is TorchLoadException or IOException or UnauthorizedAccessException or TorchException)
        {
            stderr.WriteLine($"trainer inspect: {OneLine(e.Message)}");
            return 1;
        }
    }

    /// <summary>One line per tensor or plain value; containers open into dotted keys, as state_dict keys read.</summary>
    private static void Describe(string key, object? value, List<(string, string)> lines)
    {
        static string Join(string k, object? sub) => k.Length == 0 ? $"{sub}" : $"{k}.{sub}";
        switch (value)
        {
            case Tensor t:
                lines.Add((key, $"[{string.Join(", ", t.shape)}]  {DtypeName(t.dtype)}"));
                break;
            case OrderedDict od:
                if (od.Count == 0) lines.Add((key, "OrderedDict()"));
                foreach (var (k, v) in od) Describe(Join(key, k), v, lines);
                break;
            case IDictionary dict:
                if (dict.Count == 0) lines.Add((key, "{}"));
                foreach (DictionaryEntry e in dict) Describe(Join(key, e.Key), e.Value, lines);
                break;
            case string s:
                lines.Add((key, $"'{s}'"));
                break;
            case IList list:
                if (list.Count == 0) lines.Add((key, "[]"));
                for (var i = 0; i < list.Count; i++) Describe(Join(key, i), list[i], lines);
                break;
            case null:
                lines.Add((key, "None"));
                break;
            case bool b:
                lines.Add((key, b ? "True" : "False"));
                break;
            default:
                lines.Add((key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
                break;
        }
    }

    internal static string DtypeName(ScalarType t) => t switch
    {
        ScalarType.UInt8 => "torch.uint8",
        ScalarType.Int8 => "torch.int8",
        ScalarType.Int16 => "torch.int16",
        ScalarType.Int32 => "torch.int32",
        ScalarType.Int64 => "torch.int64",
        ScalarType.Float16 => "torch.float16",
        ScalarType.Float32 => "torch.float32",
        ScalarType.Float64 => "torch.float64",
        ScalarType.Bool => "torch.bool",
        ScalarType.BFloat16 => "torch.bfloat16",
        _ => t.ToString(),
    };

    private static void DisposeAll(object? value)
    {
        switch (value)
        {
            case Tensor t: t.Dispose(); break;
            case OrderedDict od: foreach (var (_, v) in od) DisposeAll(v); break;
            case IDictionary d: foreach (DictionaryEntry e in d) DisposeAll(e.Value); break;
            case IList l when value is not string: foreach (var v in l) DisposeAll(v); break;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

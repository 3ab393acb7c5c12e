using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Trainer.Shared.Serialization;

/// <summary>
/// An interpreter for the pickle opcodes (protocols 0-5) that PyTorch and Python emit for data:
/// containers, numbers, strings, globals and persistent ids. Python objects map to: dict →
/// <see cref="PyDict"/> (insertion order kept), list and set → <see cref="List{T}"/> of object?,
/// tuple → object?[], int → long (or <see cref="BigInteger"/> beyond 64 bits), float → double,
/// str → string, bytes → byte[], None → null. Anything that names code goes to the
/// <see cref="IPickleHost"/>.
/// </summary>
/// <remarks>
/// Why not Razorvine.Pickle, which TorchSharp.PyBridge already brings: its opcode dispatch is
/// private and its EMPTY_DICT always makes a <see cref="System.Collections.Hashtable"/>, so a
/// plain dict (an optimizer state_dict, a checkpoint) would come back in hash order, not in the
/// order PyTorch wrote and prints it. The reader is iterative, and every length is checked
/// against the bytes left, so no input can overflow the stack or allocate more than it holds.
/// </remarks>
internal sealed class PickleReader
{
    /// <summary>Longer integers than this are not a tensor's size or a hyperparameter; refusing them keeps parsing linear.</summary>
    private const int MaxIntegerBytes = 1024;

    private readonly byte[] data;
    private readonly IPickleHost host;
    private int pos;
    private List<object?> stack = new();
    private readonly Stack<List<object?>> marks = new();
    private readonly Dictionary<long, object?> memo = new();

    private PickleReader(byte[] data, IPickleHost host)
    {
        this.data = data;
        this.host = host;
    }

    /// <summary>Runs the pickle in <paramref name="data"/> to its STOP and returns the result.</summary>
    internal static object? Load(byte[] data, IPickleHost host) => new PickleReader(data, host).Run();

    private object? Run()
    {
        while (true)
        {
            var at = pos;
            var op = ReadByte();
            try
            {
                if (op == PickleOpcode.Stop)
                {
                    if (marks.Count != 0) throw new PickleException("STOP inside an unclosed MARK");
                    return Pop();
                }
                Step(op);
            }
            catch (PickleException e) when (!e.Message.StartsWith("pickle ", StringComparison.Ordinal))
            {
                throw new PickleException($"pickle byte {at} (opcode 0x{op:x2}): {e.Message}");
            }
        }
    }

    private void Step(byte op)
    {
        switch (op)
        {
            case PickleOpcode.Proto:
                var version = ReadByte();
                if (version > 5) throw new PickleException($"unsupported pickle protocol {version}");
                break;
            case PickleOpcode.Frame: Take(8); break;
            case PickleOpcode.Mark: marks.Push(stack); stack = new List<object?>(); break;
            case PickleOpcode.Pop:
                if (stack.Count == 0 && marks.Count > 0) PopMark(); else Pop();
                break;
            case PickleOpcode.PopMark: PopMark(); break;
            case PickleOpcode.Dup: Push(Peek()); break;

            case PickleOpcode.None: Push(null); break;
            case PickleOpcode.NewTrue: Push(true); break;
            case PickleOpcode.NewFalse: Push(false); break;
            case PickleOpcode.BinInt: Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
            case PickleOpcode.BinInt1: Push((long)ReadByte()); break;
            case PickleOpcode.BinInt2: Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
            case PickleOpcode.Long1: Push(ReadLittleEndianInt(ReadByte())); break;
            case PickleOpcode.Long4: Push(ReadLittleEndianInt(ReadLength(4))); break;
            case PickleOpcode.Int: Push(ParseTextInt(ReadLine(), allowBool: true)); break;
            case PickleOpcode.Long: Push(ParseTextInt(ReadLine().TrimEnd('L'), allowBool: false)); break;
            case PickleOpcode.BinFloat: Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;
            case PickleOpcode.Float: Push(ParseTextFloat(ReadLine())); break;

            case PickleOpcode.BinUnicode: Push(DecodeUtf8(Take(ReadLength(4)))); break;
            case PickleOpcode.ShortBinUnicode: Push(DecodeUtf8(Take(ReadByte()))); break;
            case PickleOpcode.BinUnicode8: Push(DecodeUtf8(Take(ReadLength(8)))); break;
            case PickleOpcode.Unicode: Push(ReadLine()); break;
            // Python 2 str: PyTorch decodes these as latin-1 text.
            case PickleOpcode.BinString: Push(Encoding.Latin1.GetString(Take(ReadLength(4)))); break;
            case PickleOpcode.ShortBinString: Push(Encoding.Latin1.GetString(Take(ReadByte()))); break;
            case PickleOpcode.String: Push(UnquoteString(ReadLine())); break;
            case PickleOpcode.BinBytes: Push(Take(ReadLength(4)).ToArray()); break;
            case PickleOpcode.ShortBinBytes: Push(Take(ReadByte()).ToArray()); break;
            case PickleOpcode.BinBytes8:
            case PickleOpcode.ByteArray8: Push(Take(ReadLength(8)).ToArray()); break;

            case PickleOpcode.EmptyList: Push(new List<object?>()); break;
            case PickleOpcode.List: Push(PopMark()); break;
            case PickleOpcode.Append: { var v = Pop(); AsList(Peek()).Add(v); break; }
            case PickleOpcode.Appends: { var items = PopMark(); AsList(Peek()).AddRange(items); break; }

            case PickleOpcode.EmptyTuple: Push(Array.Empty<object?>()); break;
            case PickleOpcode.Tuple: Push(PopMark().ToArray()); break;
            case PickleOpcode.Tuple1: Push(PopN(1)); break;
            case PickleOpcode.Tuple2: Push(PopN(2)); break;
            case PickleOpcode.Tuple3: Push(PopN(3)); break;

            case PickleOpcode.EmptyDict: Push(new PyDict(isOrderedDict: false)); break;
            case PickleOpcode.Dict:
            {
                var dict = new PyDict(isOrderedDict: false);
                SetItems(dict, PopMark());
                Push(dict);
                break;
            }
            case PickleOpcode.SetItem:
            {
                var value = Pop();
                var key = Pop();
                SetItems(Peek(), new List<object?> { key, value });
                break;
            }
            case PickleOpcode.SetItems: { var items = PopMark(); SetItems(Peek(), items); break; }

            // A set reads as a list of its items: inspect lists them, and nothing here needs set semantics.
            case PickleOpcode.EmptySet: Push(new List<object?>()); break;
            case PickleOpcode.AddItems: { var items = PopMark(); AsList(Peek()).AddRange(items); break; }
            case PickleOpcode.FrozenSet: Push(PopMark()); break;

            case PickleOpcode.Global:
            {
                var module = ReadLine();
                var name = ReadLine();
                Push(host.ResolveGlobal(module, name));
                break;
            }
            case PickleOpcode.StackGlobal:
            {
                var name = Pop() as string ?? throw new PickleException("STACK_GLOBAL name is not a string");
                var module = Pop() as string ?? throw new PickleException("STACK_GLOBAL module is not a string");
                Push(host.ResolveGlobal(module, name));
                break;
            }
            case PickleOpcode.Reduce:
            case PickleOpcode.NewObj:
            {
                var args = Pop() as object?[] ?? throw new PickleException("call arguments are not a tuple");
                var callable = Pop() ?? throw new PickleException("call of None");
                Push(host.Call(callable, args));
                break;
            }
            case PickleOpcode.NewObjEx:
            {
                var kwargs = Pop() as PyDict;
                var args = Pop() as object?[] ?? throw new PickleException("NEWOBJ_EX arguments are not a tuple");
                var cls = Pop() ?? throw new PickleException("NEWOBJ_EX of None");
                if (kwargs is { Count: > 0 }) throw new PickleException("keyword arguments in NEWOBJ_EX are not supported");
                Push(host.Call(cls, args));
                break;
            }
            case PickleOpcode.Build: { var state = Pop(); host.Build(Peek(), state); break; }
            case PickleOpcode.BinPersId: Push(host.PersistentLoad(Pop())); break;
            case PickleOpcode.PersId: Push(host.PersistentLoad(ReadLine())); break;

            case PickleOpcode.BinPut: memo[ReadByte()] = Peek(); break;
            case PickleOpcode.LongBinPut: memo[ReadLength(4)] = Peek(); break;
            case PickleOpcode.Put: memo[MemoIndex(ReadLine())] = Peek(); break;
            case PickleOpcode.Memoize: memo[memo.Count] = Peek(); break;
            case PickleOpcode.BinGet: Push(Recall(ReadByte())); break;
            case PickleOpcode.LongBinGet: Push(Recall(ReadLength(4))); break;
            case PickleOpcode.Get: Push(Recall(MemoIndex(ReadLine()))); break;

            default:
                throw new PickleException($"unsupported pickle opcode 0x{op:x2} ('{(op is >= 32 and < 127 ? (char)op : '?')}')");
        }
    }

    // ---- stack ----

    private void Push(object? value) => stack.Add(value);

    private object? Pop()
    {
        if (stack.Count == 0) throw new PickleException("stack underflow");
        var v = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return v;
    }

    private object? Peek() => stack.Count == 0 ? throw new PickleException("stack underflow") : stack[^1];

    private object?[] PopN(int n)
    {
        if (stack.Count < n) throw new PickleException("stack underflow");
        var items = stack.GetRange(stack.Count - n, n).ToArray();
        stack.RemoveRange(stack.Count - n, n);
        return items;
    }

    /// <summary>Everything pushed since the last MARK, restoring the stack below it.</summary>
    private List<object?> PopMark()
    {
        if (marks.Count == 0) throw new PickleException("no MARK on the stack");
        var items = stack;
        stack = marks.Pop();
        return items;
    }

    private object? Recall(long index) =>
        memo.TryGetValue(index, out var v) ? v : throw new PickleException($"memo entry {index} was never stored");

    private static List<object?> AsList(object? target) =>
        target as List<object?> ?? throw new PickleException($"append to {PyRepr.Describe(target)}, not a list");

    private static void SetItems(object? target, List<object?> items)
    {
        if (target is not PyDict dict) throw new PickleException($"set item on {PyRepr.Describe(target)}, not a dict");
        if (items.Count % 2 != 0) throw new PickleException("odd number of items for a dict");
        for (var i = 0; i < items.Count; i += 2)
            dict[items[i] ?? throw new PickleException("dict key None is not supported")] = items[i + 1];
    }

    // ---- reading bytes ----

    private byte ReadByte()
    {
        if (pos >= data.Length) throw new PickleException($"pickle ends at byte {data.Length} without a STOP opcode (truncated)");
        return data[pos++];
    }

    private ReadOnlySpan<byte> Take(long n)
    {
        if (n < 0 || n > data.Length - pos)
            throw new PickleException($"needs {n} more bytes but the pickle has {data.Length - pos} (truncated)");
        var span = data.AsSpan(pos, (int)n);
        pos += (int)n;
        return span;
    }

    private long ReadLength(int width)
    {
        var bytes = Take(width);
        var n = width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > int.MaxValue) throw new PickleException($"length {n} is out of range");
        return (long)n;
    }

    private string ReadLine()
    {
        var end = Array.IndexOf(data, (byte)'\n', pos);
        if (end < 0) throw new PickleException("text argument without a newline (truncated)");
        var s = DecodeUtf8(data.AsSpan(pos, end - pos));
        pos = end + 1;
        return s;
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { throw new PickleException("string is not valid UTF-8"); }
    }

    /// <summary>Python's two's-complement little-endian LONG1/LONG4: a long when it fits, else a BigInteger.</summary>
    private object ReadLittleEndianInt(long n)
    {
        if (n > MaxIntegerBytes) throw new PickleException($"integer of {n} bytes is too large");
        var bytes = Take(n);
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    private static object ParseTextInt(string text, bool allowBool)
    {
        if (allowBool && text == "00") return false; // protocol 0's False
        if (allowBool && text == "01") return true;
        if (text.Length <= 2 * MaxIntegerBytes
            && BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            return v >= long.MinValue && v <= long.MaxValue ? (long)v : v;
        throw new PickleException($"malformed integer '{Clip(text)}'");
    }

    private static long MemoIndex(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
            : throw new PickleException($"malformed memo index '{Clip(text)}'");

    private static double ParseTextFloat(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new PickleException($"malformed float '{Clip(text)}'");

    private static string UnquoteString(string quoted) =>
        quoted.Length >= 2 && (quoted[0] == '\'' || quoted[0] == '"') && quoted[^1] == quoted[0]
            ? quoted[1..^1]
            : throw new PickleException($"malformed STRING argument {Clip(quoted)}");

    /// <summary>Keeps a bad argument quoted in an error message to one short line.</summary>
    private static string Clip(string text) => PyRepr.Clip(text.ReplaceLineEndings(" "), 40);
}

using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace Trainer.Torch.Serialization;

/// <summary>
/// Writes pickle protocol 2 (PyTorch's default) for Trainer's object model: null, bool,
/// integers, floating point numbers, strings, lists, tuples (arrays), dicts, OrderedDicts
/// and tensors. Tensors are handed to a callback that writes them (as reduce calls with
/// persistent storage ids); the same C# tensor object twice is written once and recalled
/// from the memo, so PyTorch reads back one object, as it would have pickled it.
/// </summary>
internal sealed class Pickler
{
    private readonly MemoryStream output = new();
    private readonly Action<Pickler, Tensor> writeTensor;
    private readonly Dictionary<object, int> memo = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> globals = new();
    private int nextMemo;

    internal Pickler(Action<Pickler, Tensor> writeTensor) => this.writeTensor = writeTensor;

    internal byte[] Dump(object? obj)
    {
        Op(PickleOpcode.Proto);
        Op(2);
        Save(obj);
        Op(PickleOpcode.Stop);
        return output.ToArray();
    }

    internal void Save(object? obj)
    {
        switch (obj)
        {
            case null: Op(PickleOpcode.None); break;
            case bool b: Op(b ? PickleOpcode.NewTrue : PickleOpcode.NewFalse); break;
            case long l: SaveInt(l); break;
            case int i: SaveInt(i); break;
            case short s: SaveInt(s); break;
            case sbyte sb: SaveInt(sb); break;
            case byte by: SaveInt(by); break;
            case uint ui: SaveInt(ui); break;
            case ushort us: SaveInt(us); break;
            case ulong ul when ul <= long.MaxValue: SaveInt((long)ul); break;
            case double d: SaveFloat(d); break;
            case float f: SaveFloat(f); break;
            case string str: SaveString(str); break;
            case Tensor t:
                if (Recall(t)) break;
                writeTensor(this, t);
                Remember(t);
                break;
            case StorageGlobal storage: SaveGlobal("torch", storage.Name); break;
            case OrderedDict od: SaveOrderedDict(od, od.attributes); break;
            case IDictionary dict when IsOrderedDictionary(dict): SaveOrderedDict(dict, null); break;
            case IDictionary dict:
                Op(PickleOpcode.EmptyDict);
                SaveItems(dict);
                break;
            case byte[]:
                throw new ArgumentException("torch.save cannot write a byte[] (bytes); wrap the data in a tensor");
            case Array array:
                SaveTuple(array.Cast<object?>().ToArray());
                break;
            case IList list:
                Op(PickleOpcode.EmptyList);
                if (list.Count > 0)
                {
                    Op(PickleOpcode.Mark);
                    foreach (var item in list) Save(item);
                    Op(PickleOpcode.Appends);
                }
                break;
            default:
                throw new ArgumentException($"torch.save cannot write a {obj.GetType().Name}: it writes tensors, numbers, strings, bool, null, lists, arrays (as tuples) and dictionaries of those");
        }
    }

    /// <summary>Writes module.name as a GLOBAL, once; later uses recall it from the memo.</summary>
    internal void SaveGlobal(string module, string name)
    {
        var key = $"{module}\n{name}\n";
        if (globals.TryGetValue(key, out var index))
        {
            Get(index);
            return;
        }
        Op(PickleOpcode.Global);
        Raw(Encoding.ASCII.GetBytes(key));
        globals[key] = nextMemo;
        Put();
    }

    internal void SaveTuple(IReadOnlyList<object?> items)
    {
        switch (items.Count)
        {
            case 0: Op(PickleOpcode.EmptyTuple); return;
            case 1: Save(items[0]); Op(PickleOpcode.Tuple1); return;
            case 2: Save(items[0]); Save(items[1]); Op(PickleOpcode.Tuple2); return;
            case 3: Save(items[0]); Save(items[1]); Save(items[2]); Op(PickleOpcode.Tuple3); return;
        }
        Op(PickleOpcode.Mark);
        foreach (var item in items) Save(item);
        Op(PickleOpcode.Tuple);
    }

    /// <summary>callable(*args): the callable and args must already be on the stack order-wise.</summary>
    internal void Reduce() => Op(PickleOpcode.Reduce);

    internal void BinPersId() => Op(PickleOpcode.BinPersId);

    private void SaveOrderedDict(IDictionary dict, Dictionary<string, object?>? attributes)
    {
        SaveGlobal("collections", "OrderedDict");
        Op(PickleOpcode.EmptyTuple);
        Op(PickleOpcode.Reduce);
        SaveItems(dict);
        if (attributes is { Count: > 0 })
        {
            Op(PickleOpcode.EmptyDict);
            SaveItems(attributes);
            Op(PickleOpcode.Build);
        }
    }

    private void SaveItems(IDictionary dict)
    {
        if (dict.Count == 0) return;
        Op(PickleOpcode.Mark);
        foreach (DictionaryEntry e in dict)
        {
            Save(e.Key);
            Save(e.Value);
        }
        Op(PickleOpcode.SetItems);
    }

    private static bool IsOrderedDictionary(IDictionary dict)
    {
        var type = dict.GetType();
        for (; type is not null; type = type.BaseType)
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(OrderedDictionary<,>)) return true;
        return false;
    }

    private void SaveInt(long v)
    {
        if (v is >= 0 and <= byte.MaxValue) { Op(PickleOpcode.BinInt1); Op((byte)v); return; }
        if (v is >= 0 and <= ushort.MaxValue)
        {
            Op(PickleOpcode.BinInt2);
            Span<byte> b2 = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(b2, (ushort)v);
            Raw(b2);
            return;
        }
        if (v is >= int.MinValue and <= int.MaxValue)
        {
            Op(PickleOpcode.BinInt);
            Span<byte> b4 = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b4, (int)v);
            Raw(b4);
            return;
        }
        // LONG1: the shortest two's-complement little-endian form, as Python writes it.
        Span<byte> b8 = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b8, v);
        var n = 8;
        while (n > 1 && ((b8[n - 1] == 0 && (b8[n - 2] & 0x80) == 0) || (b8[n - 1] == 0xff && (b8[n - 2] & 0x80) != 0))) n--;
        Op(PickleOpcode.Long1);
        Op((byte)n);
        Raw(b8[..n]);
    }

    private void SaveFloat(double d)
    {
        Op(PickleOpcode.BinFloat);
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, d);
        Raw(b);
    }

    private void SaveString(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        Op(PickleOpcode.BinUnicode);
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)bytes.Length);
        Raw(len);
        Raw(bytes);
    }

    private bool Recall(object obj)
    {
        if (!memo.TryGetValue(obj, out var index)) return false;
        Get(index);
        return true;
    }

    private void Remember(object obj)
    {
        memo[obj] = nextMemo;
        Put();
    }

    private void Put()
    {
        var index = nextMemo++;
        if (index <= byte.MaxValue) { Op(PickleOpcode.BinPut); Op((byte)index); return; }
        Op(PickleOpcode.LongBinPut);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, index);
        Raw(b);
    }

    private void Get(int index)
    {
        if (index <= byte.MaxValue) { Op(PickleOpcode.BinGet); Op((byte)index); return; }
        Op(PickleOpcode.LongBinGet);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, index);
        Raw(b);
    }

    internal void Op(byte b) => output.WriteByte(b);
    private void Raw(ReadOnlySpan<byte> bytes) => output.Write(bytes);
}

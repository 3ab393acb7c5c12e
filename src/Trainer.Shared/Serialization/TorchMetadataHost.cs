using System.Text;

namespace Trainer.Shared.Serialization;

/// <summary>
/// Gives a torch.save pickle its meaning without reading any tensor data: the allow-listed
/// globals (OrderedDict, the tensor and parameter rebuild functions, the storage classes, torch
/// dtypes), storages checked against the archive's records, and <see cref="TensorInfo"/>s
/// checked to fit them. A record that is missing or too short is reported here, so a damaged
/// file is caught even though its tensor bytes are never read.
/// </summary>
internal sealed class TorchMetadataHost : IPickleHost
{
    private static readonly HashSet<string> Callable = new()
    {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
        "torch.Size",
        // How protocol 2 spells bytes: _codecs.encode(text, 'latin1'), and bytes() for b''; and sets.
        "_codecs.encode",
        "builtins.bytes", "__builtin__.bytes",
        "builtins.set", "__builtin__.set", "builtins.frozenset", "__builtin__.frozenset",
    };

    /// <summary>torch dtypes pickle as the global torch.NAME (a dtype saved in a checkpoint or an optimizer's options).</summary>
    private static readonly HashSet<string> DTypes = new()
    {
        "float32", "float", "float64", "double", "float16", "half", "bfloat16", "complex64", "complex128",
        "int64", "long", "int32", "int", "int16", "short", "int8", "uint8", "bool",
    };

    private readonly string archive;
    private readonly Func<string, long?> recordLength;

    /// <param name="archive">The archive's folder, for messages naming a record.</param>
    /// <param name="recordLength">The byte length of record data/KEY, or null when there is none.</param>
    internal TorchMetadataHost(string archive, Func<string, long?> recordLength)
    {
        this.archive = archive;
        this.recordLength = recordLength;
    }

    public object ResolveGlobal(string module, string name)
    {
        if (module == "torch" && StorageType.TryParse(name, out var storage)) return storage;
        var g = new PyGlobal(module, name);
        if (Callable.Contains(g.ToString()) || (module == "torch" && DTypes.Contains(name))) return g;
        throw new PickleException($"global '{PyRepr.Clip(g.ToString(), 80)}' is not allowed: only tensors, containers and plain values are read (a whole pickled model is not a state_dict)");
    }

    public object? Call(object callable, object?[] args)
    {
        if (callable is not PyGlobal g || (g.Module == "torch" && DTypes.Contains(g.Name)))
            throw new PickleException($"cannot call {PyRepr.Describe(callable)}");
        switch (g.Name)
        {
            case "OrderedDict": return NewOrderedDict(args);
            case "_rebuild_tensor": Expect(g, args, 4, 4); return Rebuild(g, args);
            case "_rebuild_tensor_v2": Expect(g, args, 6, 7); return Rebuild(g, args);
            case "_rebuild_parameter":
            case "_rebuild_parameter_with_state":
                Expect(g, args, 3, 4);
                return Arg<TensorInfo>(g, args, 0) with { IsParameter = true };
            case "Size": Expect(g, args, 1, 1); return Arg<List<object?>>(g, args, 0).ToArray();
            case "set": case "frozenset":
                Expect(g, args, 0, 1);
                return args.Length == 0 ? new List<object?>() : new List<object?>(Arg<List<object?>>(g, args, 0));
            case "encode":
                if (args is [string text, "latin1" or "latin-1"])
                {
                    if (text.Any(c => c > '\xff')) throw new PickleException("_codecs.encode of text outside latin-1");
                    return Encoding.Latin1.GetBytes(text);
                }
                throw new PickleException("_codecs.encode is only read as protocol 2's bytes (text, 'latin1')");
            case "bytes":
                if (args.Length == 0) return Array.Empty<byte>();
                throw new PickleException("bytes(...) with arguments is not supported");
            default:
                throw new PickleException($"global '{g}' cannot be called");
        }
    }

    public void Build(object? target, object? state)
    {
        switch (target)
        {
            // A state_dict's _metadata (and, from copyreg, a (dict, slots) pair): kept apart from its items.
            case PyDict od when od.IsOrderedDict && (state is PyDict || state is object?[] { Length: 2 }):
                var attrs = state as PyDict ?? ((object?[])state)[0] as PyDict;
                foreach (var (key, value) in attrs ?? new PyDict(false))
                    od.Attributes[key as string ?? throw new PickleException("attribute name is not a string")] = value;
                break;
            // A tensor's or parameter's Python attributes (rare); they are not part of its shape or dtype.
            case TensorInfo:
                break;
            default:
                throw new PickleException($"cannot apply {PyRepr.Describe(state)} as the state of {PyRepr.Describe(target)}");
        }
    }

    public object? PersistentLoad(object? pid)
    {
        if (pid is not object?[] { Length: 5 } t || t[0] is not string kind)
            throw new PickleException($"persistent id {PyRepr.Describe(pid)} is not ('storage', type, key, location, numel)");
        if (kind != "storage") throw new PickleException($"persistent id of kind '{PyRepr.Clip(kind, 40)}', expected 'storage'");
        var type = t[1] as StorageType ?? throw new PickleException($"storage type is {PyRepr.Describe(t[1])}, not a torch storage class");
        var key = t[2] as string ?? throw new PickleException("storage key is not a string");
        if (t[3] is not string) throw new PickleException("storage location is not a string");
        if (t[4] is not long numel || numel < 0) throw new PickleException($"storage size is {PyRepr.Describe(t[4])}, not a count");
        var record = $"{archive}/data/{PyRepr.Clip(key, 80)}";
        var length = recordLength(key) ?? throw new PickleException($"storage record '{record}' is missing");
        var expected = Checked(() => checked(numel * type.ElementSize));
        if (length < expected)
            throw new PickleException($"storage record '{record}' holds {length} bytes but {numel} {type.DType} elements need {expected} (truncated)");
        return new StorageRef(key, type, numel);
    }

    private static PyDict NewOrderedDict(object?[] args)
    {
        var od = new PyDict(isOrderedDict: true);
        if (args.Length == 0) return od;
        // OrderedDict(pairs): PyTorch writes OrderedDict() and then SETITEMS, but TorchSharp.PyBridge
        // (Razorvine's pickler) writes OrderedDict(()), and other picklers a list of (key, value) pairs.
        if (args is not [IList<object?> pairs]) throw new PickleException("OrderedDict(...) takes one list of pairs");
        foreach (var pair in pairs)
        {
            var kv = pair as IList<object?>;
            if (kv is not { Count: 2 } || kv[0] is null) throw new PickleException("OrderedDict(...) item is not a (key, value) pair");
            od[kv[0]!] = kv[1];
        }
        return od;
    }

    private static TensorInfo Rebuild(PyGlobal g, object?[] args)
    {
        var storage = Arg<StorageRef>(g, args, 0);
        var offset = Arg<long>(g, args, 1);
        var size = Counts(g, args[2], "size");
        var stride = Counts(g, args[3], "stride");
        if (size.Length != stride.Length)
            throw new PickleException($"tensor with {size.Length} sizes but {stride.Length} strides");
        if (offset < 0) throw new PickleException($"tensor at storage offset {offset}");
        var needed = Checked(() => ElementsSpanned(offset, size, stride));
        if (needed > storage.Numel)
            throw new PickleException($"a tensor of shape [{string.Join(", ", size)}] at offset {offset} needs {needed} elements, but storage '{PyRepr.Clip(storage.Key, 80)}' holds {storage.Numel}");
        return new TensorInfo(size, stride, storage.Type.DType, storage.Key, offset);
    }

    /// <summary>The last storage element the tensor reaches, plus one: what its storage must hold (0 when it is empty).</summary>
    private static long ElementsSpanned(long offset, long[] size, long[] stride)
    {
        if (size.Contains(0)) return 0;
        var last = offset;
        for (var i = 0; i < size.Length; i++) last = checked(last + (size[i] - 1) * stride[i]);
        return checked(last + 1);
    }

    private static long[] Counts(PyGlobal g, object? value, string what)
    {
        if (value is not object?[] items) throw new PickleException($"{g} {what} is {PyRepr.Describe(value)}, not a tuple");
        var result = new long[items.Length];
        for (var i = 0; i < items.Length; i++)
            result[i] = items[i] is long n && n >= 0 ? n : throw new PickleException($"{g} {what} holds {PyRepr.Describe(items[i])}, not a count");
        return result;
    }

    private static long Checked(Func<long> compute)
    {
        try { return checked(compute()); }
        catch (OverflowException) { throw new PickleException("tensor or storage size overflows 64 bits"); }
    }

    private static T Arg<T>(PyGlobal g, object?[] args, int i) =>
        args[i] is T v ? v : throw new PickleException($"{g} argument {i} is {PyRepr.Describe(args[i])}");

    private static void Expect(PyGlobal g, object?[] args, int min, int max)
    {
        if (args.Length < min || args.Length > max)
            throw new PickleException($"{g} takes {(min == max ? $"{min}" : $"{min} to {max}")} arguments, got {args.Length}");
    }
}

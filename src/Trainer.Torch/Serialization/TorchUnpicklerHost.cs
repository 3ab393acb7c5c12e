namespace Trainer.Torch.Serialization;

/// <summary>
/// Gives a torch.save pickle its meaning: the allow-listed globals (OrderedDict, the tensor
/// and parameter rebuild functions, the storage classes), storages from the archive's
/// records, and tensors rebuilt over them at the saved offset and strides. Every tensor it
/// makes is tracked so that a failed load frees them all.
/// </summary>
internal sealed class TorchUnpicklerHost : IPickleHost
{
    private static readonly HashSet<string> Allowed = new()
    {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
        // How protocol 2 spells bytes: _codecs.encode(text, 'latin1'), and bytes() for b''.
        "_codecs.encode",
        "builtins.bytes",
        "__builtin__.bytes",
    };

    private readonly Func<string, long, byte[]> readStorage;
    private readonly Device? mapLocation;
    private readonly Dictionary<string, Tensor> storages = new();

    /// <summary>Every tensor handed out (rebuilt tensors and parameters), in creation order.</summary>
    internal List<Tensor> Created { get; } = new();

    /// <param name="readStorage">Reads record data/KEY, checking it holds the given number of bytes.</param>
    /// <param name="mapLocation">Where tensors go; null keeps the saved device when it exists here, else the CPU.</param>
    internal TorchUnpicklerHost(Func<string, long, byte[]> readStorage, Device? mapLocation)
    {
        this.readStorage = readStorage;
        this.mapLocation = mapLocation;
    }

    public object ResolveGlobal(string module, string name)
    {
        if (module == "torch" && StorageTypes.TryParse(name, out var dtype)) return new StorageType(name, dtype);
        var full = $"{module}.{name}";
        if (module == "torch.tensor") full = $"torch._tensor.{name}"; // PyTorch's own renaming
        if (!Allowed.Contains(full))
            throw new PickleException($"global '{module}.{name}' is not allowed (torch.load reads tensors, containers and numbers only; it never runs code named by a file)");
        return new TorchGlobal(module, name);
    }

    public object? Call(object callable, object?[] args)
    {
        if (callable is not TorchGlobal g) throw new PickleException($"cannot call a {Unpickler.Describe(callable)}");
        switch (g.Name)
        {
            case "OrderedDict":
                if (args.Length != 0) throw new PickleException("OrderedDict(...) with arguments is not supported");
                return new OrderedDict();
            case "_rebuild_tensor":
                Expect(g, args, 4);
                return Rebuild(args, requiresGrad: false);
            case "_rebuild_tensor_v2":
                if (args.Length < 6) Expect(g, args, 6);
                return Rebuild(args, requiresGrad: Arg<bool>(g, args, 4));
            case "_rebuild_parameter":
            case "_rebuild_parameter_with_state":
            {
                if (args.Length < 3) Expect(g, args, 3);
                var data = Arg<Tensor>(g, args, 0);
                var parameter = new Parameter(data, Arg<bool>(g, args, 1));
                Created.Add(parameter);
                return parameter;
            }
            case "encode":
                if (args is [string text, "latin1" or "latin-1"]) return System.Text.Encoding.Latin1.GetBytes(text);
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
            case OrderedDict od when state is Dictionary<object, object?> attrs:
                foreach (var (key, value) in attrs)
                    od.attributes[key as string ?? throw new PickleException("attribute name is not a string")] = value;
                break;
            case Tensor when state is null or Dictionary<object, object?> { Count: 0 }:
                break;
            default:
                throw new PickleException($"cannot apply state {Unpickler.Describe(state)} to a {Unpickler.Describe(target)}");
        }
    }

    public object? PersistentLoad(object? pid)
    {
        if (pid is not object?[] { Length: 5 } t || t[0] is not string kind)
            throw new PickleException($"persistent id {Unpickler.Describe(pid)} is not ('storage', type, key, location, numel)");
        if (kind != "storage") throw new PickleException($"persistent id of kind '{kind}', expected 'storage'");
        var type = t[1] as StorageType ?? throw new PickleException($"storage type {Unpickler.Describe(t[1])} is not a torch storage class");
        var key = t[2] as string ?? throw new PickleException("storage key is not a string");
        var location = t[3] as string ?? throw new PickleException("storage location is not a string");
        if (t[4] is not long numel || numel < 0) throw new PickleException($"storage size {Unpickler.Describe(t[4])} is not a count");
        if (storages.TryGetValue(key, out var known))
        {
            if (known.dtype != type.DType)
                throw new PickleException($"storage '{key}' is used as both {known.dtype} and {type.DType}");
            return known;
        }
        var bytes = readStorage(key, checked(numel * type.DType.ElementSize()));
        var storage = torch.frombuffer(bytes, type.DType, Place(location));
        storage.DetachFromDisposeScope();
        storages[key] = storage;
        return storage;
    }

    /// <summary>Frees the flat storage tensors; rebuilt tensors keep their memory alive.</summary>
    internal void ReleaseStorages()
    {
        foreach (var s in storages.Values) s.Dispose();
        storages.Clear();
    }

    private Device Place(string location)
    {
        if (mapLocation is not null) return mapLocation;
        Device saved;
        try { saved = Device.Parse(location); }
        catch (ArgumentException) { throw new PickleException($"storage location '{location}' is not cpu or cuda[:N]"); }
        if (saved.type == DeviceType.CUDA && torch.cuda.device_count() > Math.Max(saved.index, 0)) return saved;
        return Device.CPU;
    }

    private Tensor Rebuild(object?[] args, bool requiresGrad)
    {
        var g = new TorchGlobal("torch._utils", "_rebuild_tensor_v2");
        var storage = Arg<Tensor>(g, args, 0);
        var offset = Arg<long>(g, args, 1);
        var size = Ints(g, args[2], "size");
        var stride = Ints(g, args[3], "stride");
        if (size.Length != stride.Length)
            throw new PickleException($"tensor with {size.Length} sizes but {stride.Length} strides");
        Tensor tensor;
        try { tensor = storage.OnSameStorage(offset, size, stride); }
        catch (TorchException e) { throw new PickleException($"tensor does not fit its storage: {e.Message}"); }
        Created.Add(tensor);
        if (requiresGrad) tensor.requires_grad = true;
        return tensor;
    }

    private static long[] Ints(TorchGlobal g, object? value, string what)
    {
        if (value is not object?[] items) throw new PickleException($"{g} {what} is a {Unpickler.Describe(value)}, not a tuple");
        var result = new long[items.Length];
        for (var i = 0; i < items.Length; i++)
            result[i] = items[i] as long? ?? throw new PickleException($"{g} {what} holds a {Unpickler.Describe(items[i])}");
        return result;
    }

    private static T Arg<T>(TorchGlobal g, object?[] args, int i) =>
        args[i] is T v ? v : throw new PickleException($"{g} argument {i} is a {Unpickler.Describe(args[i])}, expected {typeof(T).Name}");

    private static void Expect(TorchGlobal g, object?[] args, int n)
    {
        if (args.Length != n) throw new PickleException($"{g} takes {n} arguments, got {args.Length}");
    }
}

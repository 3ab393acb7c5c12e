using System.Collections;

namespace Trainer.Torch.Serialization;

/// <summary>
/// Walks and converts what torch.load returns: finding its tensors, describing it for error
/// messages, and turning it into the container type a caller of <c>load&lt;T&gt;</c> asked for.
/// </summary>
internal static class LoadedObjects
{
    internal static void CollectTensors(object? obj, HashSet<Tensor> into)
    {
        switch (obj)
        {
            case Tensor t: into.Add(t); break;
            case OrderedDict od:
                foreach (var v in od.Values) CollectTensors(v, into);
                foreach (var v in od.attributes.Values) CollectTensors(v, into);
                break;
            case IDictionary d:
                foreach (DictionaryEntry e in d) { CollectTensors(e.Key, into); CollectTensors(e.Value, into); }
                break;
            case string: break;
            case IEnumerable items:
                foreach (var v in items) CollectTensors(v, into);
                break;
        }
    }

    internal static string Describe(object? obj) => obj switch
    {
        null => "None",
        Parameter p => $"a Parameter of shape [{string.Join(", ", p.shape)}]",
        Tensor t => $"a tensor of shape [{string.Join(", ", t.shape)}]",
        OrderedDict od => $"an OrderedDict of {od.Count} entries",
        IDictionary d => $"a dict of {d.Count} entries",
        object?[] tuple => $"a tuple of {tuple.Length} items",
        IList list => $"a list of {list.Count} items",
        string => "a string",
        bool => "a bool",
        long => "an int",
        double => "a float",
        _ => $"a {obj.GetType().Name}",
    };

    /// <summary>Converts a loaded object to <typeparamref name="T"/>, or explains why it cannot.</summary>
    internal static T Convert<T>(object? obj, string source)
    {
        if (obj is T direct) return direct;
        object? converted = typeof(T) switch
        {
            var t when t == typeof(List<Tensor>) => Items(obj)?.All(i => i is Tensor) == true ? Items(obj)!.Cast<Tensor>().ToList() : null,
            var t when t == typeof(Tensor[]) => Items(obj)?.All(i => i is Tensor) == true ? Items(obj)!.Cast<Tensor>().ToArray() : null,
            var t when t == typeof(List<object?>) => Items(obj)?.ToList(),
            var t when t == typeof(Dictionary<string, Tensor>) => Pairs<Tensor>(obj) is { } p ? new Dictionary<string, Tensor>(p) : null,
            var t when t == typeof(OrderedDictionary<string, Tensor>) => Pairs<Tensor>(obj) is { } p ? new OrderedDictionary<string, Tensor>(p) : null,
            var t when t == typeof(Dictionary<string, object?>) => Pairs<object?>(obj) is { } p ? new Dictionary<string, object?>(p) : null,
            var t when t == typeof(OrderedDictionary<string, object?>) => Pairs<object?>(obj) is { } p ? new OrderedDictionary<string, object?>(p) : null,
            _ => null,
        };
        if (converted is T ok) return ok;
        throw new TorchLoadException($"{source}: holds {Describe(obj)}, which is not a {TypeName(typeof(T))}");
    }

    private static IEnumerable<object?>? Items(object? obj) => obj switch
    {
        object?[] tuple => tuple,
        List<object?> list => list,
        _ => null,
    };

    /// <summary>The (string key, T value) pairs of a dict or OrderedDict, or null if any key or value does not fit.</summary>
    private static List<KeyValuePair<string, T>>? Pairs<T>(object? obj)
    {
        IEnumerable<KeyValuePair<object, object?>>? source = obj switch
        {
            OrderedDict od => od.Select(kv => new KeyValuePair<object, object?>(kv.Key, kv.Value)),
            Dictionary<object, object?> d => d,
            _ => null,
        };
        if (source is null) return null;
        var pairs = new List<KeyValuePair<string, T>>();
        foreach (var (key, value) in source)
        {
            if (key is not string k) return null;
            if (value is T v) pairs.Add(new KeyValuePair<string, T>(k, v));
            else if (value is null && typeof(T) == typeof(object)) pairs.Add(new KeyValuePair<string, T>(k, default!));
            else return null;
        }
        return pairs;
    }

    private static string TypeName(Type t) =>
        t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(TypeName))}>" : t.Name;
}

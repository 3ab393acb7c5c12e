using System.Collections;
using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using Trainer.Shared.Modules;

namespace Trainer.Shared.StateDict;

/// <summary>
/// A module's state_dict with exactly the keys, in exactly the order, that PyTorch's
/// <c>Module.state_dict()</c> gives for the same architecture; saved in PyTorch's file format and
/// loaded back by those names.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's own <c>state_dict()</c> is built from the de-duplicated
/// <c>named_parameters()</c>, so a Sequential that holds one layer twice lists the second use not
/// at all: <c>Sequential(Linear, ReLU, shared, ReLU, shared, ReLU, Linear)</c> gives keys 0, 2, 6
/// where PyTorch gives 0, 2, 4, 6, and PyTorch's strict <c>load_state_dict</c> refuses the file.
/// This walks the tree the way PyTorch's <c>_save_to_state_dict</c> does instead: at every module
/// its own parameters, then its own persistent buffers, in registration order, then each child
/// by its name (a Sequential's by index), recursively, never de-duplicating; so a shared module or
/// parameter appears under every name that holds it.
/// </remarks>
public static class PyTorchStateDict
{
    // A module's own registered parameters and buffers live in these protected tables. The public
    // named_parameters(recurse: false) reads the same table but drops a Parameter registered a second
    // time under another name, which PyTorch's state_dict keeps; so the tables are read directly.
    private static readonly FieldInfo ParamsField = ProtectedField("_internal_params");
    private static readonly FieldInfo BuffersField = ProtectedField("_internal_buffers");

    /// <summary>
    /// The state_dict of <paramref name="module"/> under PyTorch's keys. The values are the module's
    /// own parameter and buffer tensors (as TorchSharp's <c>state_dict()</c> gives them, so nothing
    /// to dispose); a tied parameter is the same object under each of its names.
    /// </summary>
    public static OrderedDictionary<string, Tensor> Of(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var into = new OrderedDictionary<string, Tensor>();
        Collect(module, "", into);
        return into;
    }

    /// <summary>
    /// Writes <paramref name="module"/>'s state_dict (<see cref="Of"/>) as PyTorch's zip format, which
    /// <c>torch.load</c> reads as a dict of tensors in PyTorch's key order, ready for
    /// <c>load_state_dict(..., strict=True)</c>.
    /// </summary>
    public static void Save(nn.Module module, string path) => Save(Of(module), path);

    /// <summary>Writes a state_dict (names to tensors) in PyTorch's format, in the dictionary's order.</summary>
    public static void Save(IEnumerable<KeyValuePair<string, Tensor>> stateDict, string path)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        using var scope = torch.NewDisposeScope();
        // Detached copies on the CPU, each with a storage of its own. PyBridge's pickler records a
        // tensor's storage offset but writes only the tensor's own elements as its storage, so a
        // view into a larger buffer (the harness's parameters are views of one flat buffer) would
        // be written as an offset past the end of its storage, and torch.load refuses it. A tensor
        // held under several names (tied) is copied once, so the file shares one storage among
        // them, as PyTorch's does. Detached: the file then says requires_grad=False.
        var copies = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        var detached = new OrderedDictionary<string, Tensor>();
        foreach (var (name, tensor) in stateDict)
        {
            if (!copies.TryGetValue(tensor, out var copy))
            {
                using var alone = tensor.detach();
                copies.Add(tensor, copy = alone.cpu().clone());
            }
            detached.Add(name, copy);
        }
        using var file = File.Create(path); // truncates: File.OpenWrite, which PyBridge's path overload uses, does not
        PyTorchPickler.PickleStateDict(file, detached, leaveOpen: true);
    }

    /// <summary>
    /// Reads a state_dict file written by <c>torch.save(model.state_dict(), path)</c> or by
    /// <see cref="Save(nn.Module, string)"/>. The caller owns the tensors (they join the current
    /// dispose scope, if any).
    /// </summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var table = PyTorchUnpickler.UnpickleStateDict(path);
        var result = new Dictionary<string, Tensor>(table.Count);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string name || entry.Value is not Tensor tensor)
                throw new InvalidDataException($"{path} is not a state_dict: it maps {entry.Key} to {entry.Value?.GetType().Name ?? "None"}");
            result.Add(name, tensor);
        }
        return result;
    }

    /// <summary>Loads a state_dict file (<see cref="Read"/>) into <paramref name="module"/> by PyTorch's names.</summary>
    public static LoadResult Load(nn.Module module, string path, bool strict = true)
    {
        var source = Read(path);
        try
        {
            return Load(module, source, strict);
        }
        finally
        {
            foreach (var tensor in source.Values) tensor.Dispose();
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/>'s tensors into <paramref name="module"/>'s parameters and
    /// buffers, matched by PyTorch's names (<see cref="Of"/>), as PyTorch's <c>load_state_dict</c>.
    /// </summary>
    /// <remarks>
    /// Everything is checked before anything is copied: with <paramref name="strict"/>, every name
    /// must be on both sides; every present name must agree in shape; and a tied parameter, which
    /// holds several names, must be given the same values under all of them. It is then copied once.
    /// An uninitialized <see cref="LazyLinear"/> first takes its width from the dict, as PyTorch's
    /// lazy modules do.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Keys, shapes or tied values disagree; nothing was copied.</exception>
    public static LoadResult Load(nn.Module module, IReadOnlyDictionary<string, Tensor> source, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(source);
        InitializeLazy(module, "", source);
        var target = Of(module);

        var missing = target.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).ToList();
        var errors = new List<string>();
        if (strict && unexpected.Count > 0) errors.Add($"Unexpected key(s) in state_dict: {Names(unexpected)}.");
        if (strict && missing.Count > 0) errors.Add($"Missing key(s) in state_dict: {Names(missing)}.");

        // One entry per distinct tensor, with every name that holds it (a tied parameter has several).
        var holders = new Dictionary<Tensor, List<string>>(ReferenceEqualityComparer.Instance);
        var order = new List<Tensor>();
        foreach (var (name, tensor) in target)
        {
            if (!holders.TryGetValue(tensor, out var names)) { holders.Add(tensor, names = new List<string>()); order.Add(tensor); }
            names.Add(name);
        }

        var copies = new List<(Tensor into, Tensor from)>();
        foreach (var tensor in order)
        {
            var given = holders[tensor].Where(source.ContainsKey).ToList();
            var fits = true;
            foreach (var name in given)
                if (!source[name].shape.SequenceEqual(tensor.shape))
                {
                    errors.Add($"size mismatch for {name}: copying a param with shape [{string.Join(", ", source[name].shape)}] " +
                               $"from checkpoint, the shape in current model is [{string.Join(", ", tensor.shape)}].");
                    fits = false;
                }
            if (!fits || given.Count == 0) continue;
            var first = source[given[0]];
            foreach (var other in given.Skip(1))
                if (!Same(first, source[other]))
                    errors.Add($"{given[0]} and {other} name one tied tensor but hold different values.");
            copies.Add((tensor, first));
        }

        if (errors.Count > 0)
            throw new InvalidOperationException($"Error(s) in loading state_dict for {module.GetName()}:\n\t{string.Join("\n\t", errors)}");

        using (torch.no_grad())
            foreach (var (into, from) in copies) into.copy_(from);
        return new LoadResult(missing, unexpected);
    }

    private static void Collect(nn.Module module, string prefix, OrderedDictionary<string, Tensor> into)
    {
        foreach (var (name, parameter) in (IList<(string, Parameter)>)ParamsField.GetValue(module)!)
            into.Add(prefix + name, parameter);
        foreach (var (name, (buffer, persistent)) in (IList<(string, (Tensor, bool))>)BuffersField.GetValue(module)!)
            if (persistent) into.Add(prefix + name, buffer);
        // named_children is where Sequential (whose layers sit outside the tables) lists them by index.
        foreach (var (name, child) in module.named_children())
            Collect(child, $"{prefix}{name}.", into);
    }

    private static void InitializeLazy(nn.Module module, string prefix, IReadOnlyDictionary<string, Tensor> source)
    {
        if (module is LazyLinear lazy && lazy.has_uninitialized_params()
            && source.TryGetValue(prefix + "weight", out var weight) && weight.dim() == 2 && weight.shape[0] == lazy.out_features)
            lazy.initialize_parameters(weight.shape[1]);
        foreach (var (name, child) in module.named_children())
            InitializeLazy(child, $"{prefix}{name}.", source);
    }

    private static bool Same(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return a.dtype == b.dtype && a.cpu().Equals(b.cpu());
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));

    private static FieldInfo ProtectedField(string name) =>
        typeof(nn.Module).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingFieldException(typeof(nn.Module).FullName, name);
}

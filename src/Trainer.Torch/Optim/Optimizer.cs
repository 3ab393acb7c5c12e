using Trainer.Torch.Native;

namespace Trainer.Torch.Optim;

/// <summary>
/// Base of the optimizers, as PyTorch's <c>torch.optim.Optimizer</c>: parameter groups,
/// per-parameter state, <c>zero_grad</c>, <c>step</c>, and a <c>state_dict</c> in PyTorch's
/// layout ({"state": {0: {...}}, "param_groups": [{..., "params": [0, 1]}]}) so that state
/// saved by either side loads in the other. The optimizer owns its state tensors; dispose it.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private readonly Dictionary<string, object?> defaults;

    /// <summary>State per group, parallel to each group's params (position, not object identity,
    /// names a parameter, as the indices of PyTorch's state_dict do).</summary>
    private readonly List<List<ParamState>> states = new();

    private bool disposed;

    protected Optimizer(IEnumerable<ParamGroup> groups, Dictionary<string, object?> defaults)
    {
        ArgumentNullException.ThrowIfNull(groups);
        this.defaults = defaults;
        foreach (var g in groups) add_param_group(g);
        if (param_groups.Count == 0) throw new ArgumentException("optimizer got an empty parameter list");
    }

    protected static IEnumerable<ParamGroup> OneGroup(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters.ToList();
        if (list.Count == 0) throw new ArgumentException("optimizer got an empty parameter list", nameof(parameters));
        return new[] { new ParamGroup(list) };
    }

    public List<ParamGroup> param_groups { get; } = new();

    /// <summary>The hyper-parameters a group gets when it does not set its own.</summary>
    public IReadOnlyDictionary<string, object?> Defaults => defaults;

    public void add_param_group(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        foreach (var (key, value) in defaults) group.SetDefault(key, value);
        Validate(group);
        var earlier = param_groups.SelectMany(g => g.@params).ToList();
        foreach (var p in group.@params)
        {
            if (p.IsDisposed) throw new ObjectDisposedException(nameof(Parameter), "a parameter given to the optimizer is disposed");
            if (earlier.Any(p.is_same))
                throw new ArgumentException("some parameters appear more than once in the optimizer's parameter groups");
            earlier.Add(p);
        }
        param_groups.Add(group);
        states.Add(group.@params.Select(_ => new ParamState()).ToList());
    }

    /// <summary>Checks a group's hyper-parameters, naming the bad one.</summary>
    private protected abstract void Validate(ParamGroup group);

    /// <summary>Updates one parameter; returns false when it had no gradient and was skipped.</summary>
    private protected abstract bool Update(Parameter p, ParamState state, ParamGroup group);

    /// <summary>The state keys PyTorch lists for a stepped parameter of this group (undefined ones as None).</summary>
    private protected abstract IEnumerable<string> StateKeys(ParamGroup group);

    /// <summary>Sets the gradients to zero (PyTorch 1.13's default), or drops them with set_to_none.</summary>
    public void zero_grad(bool set_to_none = false)
    {
        ThrowIfDisposed();
        foreach (var g in param_groups)
            foreach (var p in g.@params)
                NativeMethods.Check(NativeMethods.trn_optim_zero_grad(p.Handle, set_to_none));
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void step()
    {
        ThrowIfDisposed();
        for (var gi = 0; gi < param_groups.Count; gi++)
        {
            var g = param_groups[gi];
            for (var i = 0; i < g.@params.Count; i++)
                if (Update(g.@params[i], states[gi][i], g))
                    states[gi][i].Stepped = true;
        }
    }

    /// <summary>PyTorch's <c>step(closure)</c>: re-evaluates the loss (with grad) and then updates.</summary>
    public Tensor step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        Tensor loss;
        using (torch.enable_grad()) loss = closure();
        step();
        return loss;
    }

    /// <summary>
    /// The optimizer's state in PyTorch's layout. Tensors are new handles sharing storage
    /// with the optimizer's state (as PyTorch's are the same tensors): dispose them freely.
    /// </summary>
    public Dictionary<object, object?> state_dict()
    {
        ThrowIfDisposed();
        var state = new Dictionary<object, object?>();
        var groups = new List<object?>();
        long index = 0;
        for (var gi = 0; gi < param_groups.Count; gi++)
        {
            var g = param_groups[gi];
            var packed = new Dictionary<object, object?>();
            foreach (var key in g.Keys) packed[key] = g[key];
            var ids = new List<object?>();
            for (var i = 0; i < g.@params.Count; i++, index++)
            {
                ids.Add(index);
                var s = states[gi][i];
                if (!s.Stepped) continue;
                var entry = new Dictionary<object, object?>();
                foreach (var key in StateKeys(g))
                    entry[key] = s.IsDefined(key) ? s.Slot(key).alias() : null;
                state[index] = entry;
            }
            packed["params"] = ids;
            groups.Add(packed);
        }
        return new Dictionary<object, object?> { ["state"] = state, ["param_groups"] = groups };
    }

    /// <summary>
    /// Loads state saved by <see cref="state_dict"/> or by PyTorch. Group sizes must match;
    /// hyper-parameters come from the saved groups; state tensors are copied (cast to each
    /// parameter's dtype and device, except "step"), so the caller keeps its own.
    /// </summary>
    public void load_state_dict(IDictionary<object, object?> state_dict)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(state_dict);
        if (!state_dict.TryGetValue("param_groups", out var rawGroups) || rawGroups is not System.Collections.IList savedGroups)
            throw new ArgumentException("optimizer state_dict has no \"param_groups\" list", nameof(state_dict));
        if (!state_dict.TryGetValue("state", out var rawState) || rawState is not System.Collections.IDictionary savedState)
            throw new ArgumentException("optimizer state_dict has no \"state\" dict", nameof(state_dict));
        if (savedGroups.Count != param_groups.Count)
            throw new ArgumentException($"loaded state dict has {savedGroups.Count} parameter groups, the optimizer has {param_groups.Count}", nameof(state_dict));

        // Validate everything before changing anything, so a bad dict leaves the optimizer as it was.
        var where = new Dictionary<long, (int Group, int Index)>();
        var parsedGroups = new List<System.Collections.IDictionary>();
        for (var gi = 0; gi < savedGroups.Count; gi++)
        {
            if (savedGroups[gi] is not System.Collections.IDictionary saved || saved["params"] is not System.Collections.IList ids)
                throw new ArgumentException($"parameter group {gi} of the loaded state dict is not a dict with \"params\"", nameof(state_dict));
            if (ids.Count != param_groups[gi].@params.Count)
                throw new ArgumentException($"loaded state dict contains a parameter group that doesn't match the size of optimizer's group ({ids.Count} vs {param_groups[gi].@params.Count} parameters in group {gi})", nameof(state_dict));
            for (var i = 0; i < ids.Count; i++) where[Convert.ToInt64(ids[i])] = (gi, i);
            parsedGroups.Add(saved);
        }
        foreach (System.Collections.DictionaryEntry e in savedState)
        {
            if (!where.ContainsKey(Convert.ToInt64(e.Key)))
                throw new ArgumentException($"loaded state names parameter {e.Key}, which no parameter group lists", nameof(state_dict));
            if (e.Value is not System.Collections.IDictionary)
                throw new ArgumentException($"loaded state of parameter {e.Key} is not a dict", nameof(state_dict));
        }

        for (var gi = 0; gi < parsedGroups.Count; gi++)
            foreach (System.Collections.DictionaryEntry e in parsedGroups[gi])
                if ((string)e.Key != "params") param_groups[gi][(string)e.Key] = e.Value;

        foreach (var list in states)
            for (var i = 0; i < list.Count; i++)
            {
                list[i].Dispose();
                list[i] = new ParamState();
            }
        foreach (System.Collections.DictionaryEntry e in savedState)
        {
            var (gi, i) = where[Convert.ToInt64(e.Key)];
            var p = param_groups[gi].@params[i];
            var s = states[gi][i];
            foreach (System.Collections.DictionaryEntry slot in (System.Collections.IDictionary)e.Value!)
            {
                var key = (string)slot.Key;
                switch (slot.Value)
                {
                    case null:
                        s.Slot(key);
                        break;
                    case Tensor t:
                        s.Set(key, key == "step" ? t.to(t.dtype, p.device, copy: true) : t.to(p.dtype, p.device, copy: true));
                        break;
                    case double or float or long or int:
                        // Older PyTorch kept Adam's step as a plain number.
                        s.Set(key, torch.scalar_tensor(Convert.ToDouble(slot.Value), ScalarType.Float32, p.device));
                        break;
                    default:
                        throw new ArgumentException($"state \"{key}\" of parameter {e.Key} is a {slot.Value.GetType().Name}, expected a tensor", nameof(state_dict));
                }
            }
            s.Stepped = true;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var list in states)
            foreach (var s in list) s.Dispose();
        GC.SuppressFinalize(this);
    }
}

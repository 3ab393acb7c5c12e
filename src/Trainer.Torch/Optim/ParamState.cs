using Trainer.Torch.Native;

namespace Trainer.Torch.Optim;

/// <summary>
/// The state an optimizer keeps for one parameter (momentum buffer, Adam's moments...).
/// Each slot is a tensor owned by the optimizer and never by a dispose scope; a slot starts as
/// an undefined tensor that the native update fills in on the parameter's first step, which
/// keeps the whole per-parameter update to one native call.
/// </summary>
internal sealed class ParamState : IDisposable
{
    private readonly Dictionary<string, Tensor> slots = new();

    /// <summary>True once a step has updated this parameter (PyTorch then lists it in state).</summary>
    internal bool Stepped { get; set; }

    internal Tensor Slot(string name)
    {
        if (!slots.TryGetValue(name, out var t))
        {
            t = DisposeScope.Detach(new Tensor(NativeMethods.trn_tensor_undefined().ThrowIfZero()));
            slots[name] = t;
        }
        return t;
    }

    internal bool IsDefined(string name) => slots.TryGetValue(name, out var t) && NativeMethods.trn_tensor_defined(t.Handle);

    /// <summary>Replaces a slot with <paramref name="value"/>, which this state then owns.</summary>
    internal void Set(string name, Tensor value)
    {
        if (slots.TryGetValue(name, out var old)) old.Dispose();
        slots[name] = DisposeScope.Detach(value);
    }

    public void Dispose()
    {
        foreach (var t in slots.Values) t.Dispose();
        slots.Clear();
    }
}

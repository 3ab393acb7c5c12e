namespace Trainer.Shared.Serialization;

/// <summary>
/// A Python dict or <c>collections.OrderedDict</c> from a pickle, in insertion order: Python
/// dicts keep it, PyTorch prints them in it, and a state_dict's order is its modules' order,
/// so a listing in any other order would read wrongly. Keys are what the pickle holds
/// (strings for a state_dict, ints for an optimizer's per-parameter state).
/// </summary>
public sealed class PyDict : OrderedDictionary<object, object?>
{
    public PyDict(bool isOrderedDict) => IsOrderedDict = isOrderedDict;

    /// <summary>True for a <c>collections.OrderedDict</c> (what <c>state_dict()</c> returns), false for a plain dict.</summary>
    public bool IsOrderedDict { get; }

    /// <summary>Instance attributes set through BUILD, e.g. a state_dict's <c>_metadata</c>; not part of its items.</summary>
    public Dictionary<string, object?> Attributes { get; } = new();
}

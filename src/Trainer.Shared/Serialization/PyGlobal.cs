namespace Trainer.Shared.Serialization;

/// <summary>
/// A resolved global that is not a value: a function the host knows how to call, or a torch
/// dtype such as <c>torch.float32</c>, which pickles by name (and lists by it).
/// </summary>
internal sealed record PyGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

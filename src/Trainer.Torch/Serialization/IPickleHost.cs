namespace Trainer.Torch.Serialization;

/// <summary>
/// What a pickle's references to the outside world mean. The interpreter itself only builds
/// plain containers; every GLOBAL, call, BUILD and persistent id goes through the host, which
/// decides what is allowed, so reading a file can never run arbitrary code.
/// </summary>
internal interface IPickleHost
{
    /// <summary>The object GLOBAL module.name stands for; throws when it is not allowed.</summary>
    object ResolveGlobal(string module, string name);

    /// <summary>REDUCE / NEWOBJ: calls a resolved global with positional arguments.</summary>
    object? Call(object callable, object?[] args);

    /// <summary>BUILD: applies <paramref name="state"/> to <paramref name="target"/>.</summary>
    void Build(object? target, object? state);

    /// <summary>BINPERSID / PERSID: the object behind a persistent id (torch's storages).</summary>
    object? PersistentLoad(object? pid);
}

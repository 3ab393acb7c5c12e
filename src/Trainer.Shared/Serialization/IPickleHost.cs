namespace Trainer.Shared.Serialization;

/// <summary>
/// What a pickle's references to the outside world mean. <see cref="PickleReader"/> only
/// builds plain containers; every GLOBAL, call, BUILD and persistent id goes through the host,
/// which decides what is allowed, so reading a file never runs code that the file names.
/// </summary>
internal interface IPickleHost
{
    /// <summary>The object GLOBAL module.name stands for; throws <see cref="PickleException"/> when it is not allowed.</summary>
    object ResolveGlobal(string module, string name);

    /// <summary>REDUCE / NEWOBJ: calls a resolved global with positional arguments.</summary>
    object? Call(object callable, object?[] args);

    /// <summary>BUILD: applies <paramref name="state"/> to <paramref name="target"/>.</summary>
    void Build(object? target, object? state);

    /// <summary>BINPERSID / PERSID: the object behind a persistent id (torch's storages).</summary>
    object? PersistentLoad(object? pid);
}

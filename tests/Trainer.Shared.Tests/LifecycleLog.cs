namespace Trainer.Shared.Tests;

/// <summary>Thread-safe record of lifecycle hook calls, shared by every instance of a test actor across restarts.</summary>
public sealed class LifecycleLog
{
    private readonly object _gate = new();
    private readonly List<string> _events = [];

    public void Add(string e) { lock (_gate) _events.Add(e); }

    public IReadOnlyList<string> Events { get { lock (_gate) return [.. _events]; } }

    public int Count(string e) { lock (_gate) return _events.Count(x => x == e); }
}

namespace Trainer.Shared.Tests;

// Immutable plain-data messages shared by the test actors.
public sealed record Append(int Value);
public sealed record GetCollected { public static readonly GetCollected Instance = new(); }
public sealed record Collected(IReadOnlyList<int> Values);
public sealed record Echo(string Text);
public sealed record Increment { public static readonly Increment Instance = new(); }
public sealed record GetCount { public static readonly GetCount Instance = new(); }
public sealed record Boom(string Reason);
public sealed record Started(string Path, int ThreadId);
public sealed record Stopped(string Path);
public sealed record Tick(int Id);

using System.Collections.Concurrent;

namespace Trainer.Actors.Tests;

/// <summary>What happened to a replica's model, and on which thread.</summary>
internal enum ReplicaEvent
{
    Constructed,
    Forward,
    Disposed,
}

/// <summary>One event of one model instance, with the thread it ran on.</summary>
internal sealed record Sighting(int Instance, ReplicaEvent Event, int ThreadId, bool PoolThread);

/// <summary>
/// Where <see cref="RecordingMlp"/>s write down their life. Written from every device thread
/// at once, read by the test once the actors are quiet.
/// </summary>
internal sealed class ReplicaLog
{
    private readonly ConcurrentQueue<Sighting> sightings = new();
    private int instances;

    /// <summary>A new model instance: its id, with its construction recorded.</summary>
    public int Constructed()
    {
        var instance = Interlocked.Increment(ref instances);
        Record(instance, ReplicaEvent.Constructed);
        return instance;
    }

    public void Record(int instance, ReplicaEvent what) =>
        sightings.Enqueue(new Sighting(instance, what, Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));

    public IReadOnlyList<Sighting> Sightings => sightings.ToArray();

    /// <summary>Model instances built so far (the master's, if it came from the same factory, included).</summary>
    public int Instances => Volatile.Read(ref instances);

    public IReadOnlyList<Sighting> Of(int instance) => Sightings.Where(s => s.Instance == instance).ToList();

    public int ThreadOf(int instance) => Of(instance).Single(s => s.Event == ReplicaEvent.Constructed).ThreadId;

    /// <summary>The instances that ran a forward: the replicas (the master never does).</summary>
    public IReadOnlyList<int> Replicas => Sightings.Where(s => s.Event == ReplicaEvent.Forward).Select(s => s.Instance).Distinct().Order().ToList();
}

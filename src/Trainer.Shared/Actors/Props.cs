namespace Trainer.Shared.Actors;

/// <summary>
/// The recipe for an actor: how to make an instance (again, on every restart) and where it
/// runs. Immutable; the <c>With*</c> methods return a copy.
/// </summary>
public sealed class Props
{
    private Props(Func<ActorBase> factory, Type actorType, bool dedicatedThread)
    {
        Factory = factory;
        ActorType = actorType;
        DedicatedThread = dedicatedThread;
    }

    internal Func<ActorBase> Factory { get; }

    /// <summary>The declared actor type, for logs and error messages.</summary>
    public Type ActorType { get; }

    /// <summary>
    /// Whether the actor owns one OS thread for its whole life (constructor, every handler
    /// and every continuation of an async handler, restarts, PostStop). Device actors need
    /// this: libtorch keeps grad mode and intra-op thread pools per thread.
    /// </summary>
    public bool DedicatedThread { get; }

    /// <summary>An actor made with its parameterless constructor.</summary>
    public static Props Create<T>() where T : ActorBase, new() => new(() => new T(), typeof(T), false);

    /// <summary>An actor made by <paramref name="factory"/>, which must return a NEW instance on each call (it is called again on restart).</summary>
    public static Props Create<T>(Func<T> factory) where T : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new(factory, typeof(T), false);
    }

    /// <summary>The same recipe, running on a dedicated OS thread.</summary>
    public Props WithDedicatedThread() => new(Factory, ActorType, true);
}

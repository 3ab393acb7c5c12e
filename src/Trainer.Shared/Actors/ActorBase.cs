using Microsoft.Extensions.Logging;

namespace Trainer.Shared.Actors;

/// <summary>
/// Base of every actor, shaped as Akka's <c>ReceiveActor</c>: the constructor registers
/// handlers with <see cref="Receive{T}(Action{T})"/>; <see cref="Become"/> swaps in another
/// behaviour method. The runtime calls one handler at a time, so actor state needs no locks.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;
    private List<Handler> _handlers = [];

    private readonly record struct Handler(Type MessageType, Func<object, Task?> Invoke);

    /// <summary>
    /// Binds the instance to the cell that is constructing it. Actors are made only by the
    /// runtime (from <see cref="Props"/>), on the actor's own thread, so that a dedicated-thread
    /// actor also builds its native state on that thread.
    /// </summary>
    protected ActorBase()
    {
        _cell = ActorCell.Constructing ?? throw new InvalidOperationException(
            $"{GetType().Name} must be created by the actor runtime (ActorSystem.ActorOf / Context.ActorOf with Props), not with 'new'.");
    }

    internal ActorCell Cell => _cell;

    protected IActorContext Context => _cell;
    protected IActorRef Self => _cell.Self;
    protected IActorRef Sender => _cell.Sender;
    protected ILogger Log => _cell.Log;

    /// <summary>How this actor treats its failing children. Override to write the decision out.</summary>
    protected internal virtual SupervisorStrategy SupervisorStrategy => Actors.SupervisorStrategy.Default;

    /// <summary>Handles messages of type <typeparamref name="T"/> (or derived) synchronously.</summary>
    protected void Receive<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new Handler(typeof(T), m => { handler((T)m); return null; }));
    }

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> asynchronously. The next message waits
    /// until the returned task completes: awaiting inside a handler does not break "one at a time".
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new Handler(typeof(T), m => handler((T)m)));
    }

    /// <summary>Handles any message not matched by an earlier registration.</summary>
    protected void ReceiveAny(Action<object> handler) => Receive(handler);

    /// <summary>Replaces the handlers by those <paramref name="behaviour"/> registers (Akka's <c>Become(Training)</c>).</summary>
    protected void Become(Action behaviour)
    {
        ArgumentNullException.ThrowIfNull(behaviour);
        _handlers = [];
        behaviour();
    }

    /// <summary>Called on the actor's thread before the first message (and, by default, after a restart).</summary>
    protected virtual void PreStart() { }

    /// <summary>Called once the actor and all its children have stopped; release timers and native state here.</summary>
    protected virtual void PostStop() { }

    /// <summary>
    /// Called on the failed instance before it is replaced. By default, as Akka: stop the
    /// children (the new instance makes its own in PreStart) and run <see cref="PostStop"/>.
    /// </summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.GetChildren()) Context.Stop(child);
        PostStop();
    }

    /// <summary>Called on the fresh instance after a restart. By default runs <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>No handler matched: log it and publish a dead letter (which also fails a waiting Ask at once).</summary>
    protected virtual void Unhandled(object message) => _cell.Unhandled(message);

    internal void InvokePreStart() => PreStart();
    internal void InvokePostStop() => PostStop();
    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);
    internal void InvokePostRestart(Exception reason) => PostRestart(reason);
    internal void BecomeFromContext(Action behaviour) => Become(behaviour);

    /// <summary>Runs the first matching handler; returns its task when it is asynchronous.</summary>
    internal Task? Dispatch(object message)
    {
        foreach (var handler in _handlers)
        {
            if (handler.MessageType.IsInstanceOfType(message)) return handler.Invoke(message);
        }
        Unhandled(message);
        return null;
    }
}

namespace Trainer.Shared.Tests;

/// <summary>Keeps every <see cref="Append"/> in arrival order; replies them to <see cref="GetCollected"/>.</summary>
public sealed class CollectorActor : ActorBase
{
    private readonly List<int> _values = [];

    public CollectorActor()
    {
        Receive<Append>(m => _values.Add(m.Value));
        Receive<GetCollected>(_ => Sender.Tell(new Collected([.. _values]), Self));
    }
}

/// <summary>Replies to <see cref="Echo"/> with the same message; answers <see cref="Boom"/> with a failure reply.</summary>
public sealed class EchoActor : ActorBase
{
    public EchoActor()
    {
        Receive<Echo>(m => Sender.Tell(m, Self));
        Receive<Boom>(m => Sender.Tell(new Status.Failure(new InvalidOperationException(m.Reason)), Self));
    }
}

/// <summary>Takes every message and never replies.</summary>
public sealed class SilentActor : ActorBase
{
    public SilentActor() => ReceiveAny(_ => { });
}

/// <summary>
/// A counter that throws on <see cref="Boom"/>, logs its hooks, and can be held on a gate
/// (an async handler awaiting a task) so that tests can queue messages behind it.
/// </summary>
public sealed class CounterActor : ActorBase
{
    public sealed record Hold(Task Gate);

    private readonly LifecycleLog _log;
    private int _count;

    public CounterActor(LifecycleLog log)
    {
        _log = log;
        Receive<Increment>(_ => _count++);
        Receive<GetCount>(_ => Sender.Tell(_count, Self));
        Receive<Boom>(m => throw new InvalidOperationException(m.Reason));
        ReceiveAsync<Hold>(m => m.Gate);
    }

    protected override void PreStart() => _log.Add("PreStart");
    protected override void PostStop() => _log.Add("PostStop");
}

/// <summary>
/// Supervises one child made from <c>childProps</c> with <c>strategy</c>, watches it, and
/// forwards <see cref="Terminated"/> to the probe; replies the child's ref to <see cref="GetChild"/>.
/// </summary>
public sealed class ParentActor : ActorBase
{
    public sealed record GetChild { public static readonly GetChild Instance = new(); }

    private readonly SupervisorStrategy _strategy;
    private readonly Props _childProps;
    private readonly IActorRef _probe;
    private readonly LifecycleLog? _log;
    private IActorRef? _child;

    public ParentActor(Props childProps, SupervisorStrategy strategy, IActorRef probe, LifecycleLog? log = null)
    {
        _childProps = childProps;
        _strategy = strategy;
        _probe = probe;
        _log = log;
        Receive<GetChild>(_ => Sender.Tell(_child!, Self));
        Receive<Terminated>(t => _probe.Tell(t, Self));
    }

    protected internal override SupervisorStrategy SupervisorStrategy => _strategy;

    protected override void PreStart()
    {
        _log?.Add("ParentPreStart");
        _child = Context.Watch(Context.ActorOf(_childProps, "child"));
    }

    protected override void PostStop() => _log?.Add("ParentPostStop");
}

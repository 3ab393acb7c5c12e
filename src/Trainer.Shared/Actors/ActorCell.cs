using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Trainer.Shared.Actors;

/// <summary>
/// The runtime side of one actor: its mailbox, processing loop, current instance, children
/// and watchers. The instance is replaced on restart; the cell (and so the ref and the
/// mailbox) lives until the actor stops. Split over partial files by concern.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    /// <summary>The cell whose instance is being constructed on this thread (read by <see cref="ActorBase"/>'s constructor).</summary>
    [ThreadStatic] internal static ActorCell? Constructing;

    /// <summary>
    /// THE mailbox: user envelopes in order, plus <see cref="SystemWakeup"/> markers. System
    /// messages sit in <see cref="_systemQueue"/> so they can jump the user queue; the marker
    /// only wakes the loop, so the loop waits on a single channel.
    /// </summary>
    private readonly Channel<object> _mailbox = Channel.CreateUnbounded<object>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly System.Collections.Concurrent.ConcurrentQueue<SystemMessage> _systemQueue = new();

    /// <summary>User messages read while suspended; handled first on resume, so order is kept.</summary>
    private readonly Queue<Envelope> _stash = new();

    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, ChildEntry> _children = [];
    private readonly TimerScheduler _timers;
    private ActorBase? _actor;
    private IActorRef? _sender;
    private long _nextChildId;

    private sealed class ChildEntry(ActorCell cell)
    {
        public ActorCell Cell { get; } = cell;
        public ChildRestartStats Stats { get; } = new();
    }

    public ActorCell(ActorSystem system, Props props, ActorCell? parent, ActorPath path)
    {
        System = system;
        Props = props;
        ParentCell = parent;
        Path = path;
        LocalSelf = new LocalActorRef(this);
        Log = system.Log;
        _timers = new TimerScheduler(LocalSelf);
    }

    public ActorSystem System { get; }
    public Props Props { get; }
    public ActorCell? ParentCell { get; }
    public ActorPath Path { get; }
    public LocalActorRef LocalSelf { get; }
    public ILogger Log { get; }

    /// <summary>Completes once the actor has stopped: PostStop run, children stopped, dedicated thread exited.</summary>
    public Task Completion => _completion.Task;

    /// <summary>The OS thread of a dedicated-thread actor (tests check it has exited).</summary>
    internal Thread? DedicatedThread { get; private set; }

    internal int ActiveTimerCount => _timers.ActiveCount;

    /// <summary>Starts the loop: on a fresh dedicated thread, or on the pool (never inline, never on the caller's context).</summary>
    public void Start()
    {
        if (!Props.DedicatedThread)
        {
            _ = Task.Run(RunAsync);
            return;
        }
        var thread = new Thread(() =>
        {
            new DedicatedThreadContext(Log).Run(RunAsync);
            // Set last, after the pump has drained: awaiting Completion means the thread is done.
            _completion.TrySetResult();
        })
        {
            IsBackground = true,
            Name = $"actor {Path.Address}",
        };
        DedicatedThread = thread;
        thread.Start();
    }

    /// <summary>Tell: enqueue or, once the mailbox is closed, dead-letter.</summary>
    public void Post(object message, IActorRef? sender)
    {
        MessageRules.Check(message, Path);
        if (!_mailbox.Writer.TryWrite(new Envelope(message, sender)))
            System.DeadLetters.Publish(new DeadLetter(message, sender, LocalSelf, DeadLetterReason.RecipientTerminated));
    }

    /// <summary>
    /// Set as soon as anyone asks this actor to stop, from any thread, so that a parent's
    /// restart knows which children to wait for and a late failure needs no decision.
    /// </summary>
    private volatile bool _stopRequested;
    internal bool StopRequested => _stopRequested;

    public void SendSystem(SystemMessage message)
    {
        if (message is SystemMessage.Terminate) _stopRequested = true;
        _systemQueue.Enqueue(message);
        if (!_mailbox.Writer.TryWrite(SystemWakeup.Instance)) DrainSystemAfterDeath();
    }

    // ---- IActorContext ----

    public IActorRef Self => LocalSelf;
    public IActorRef Sender => _sender ?? System.DeadLetters;
    public IActorRef Parent => (IActorRef?)ParentCell?.LocalSelf ?? System.DeadLetters;
    public ITimerScheduler Timers => _timers;

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        name ??= "$" + Interlocked.Increment(ref _nextChildId);
        if (name.Length == 0 || name.Contains('/'))
            throw new InvalidActorNameException($"Actor name '{name}' under {Path} must be non-empty and must not contain '/'.");
        ActorCell child;
        lock (_children)
        {
            if (_stopping) throw new InvalidOperationException($"{Path} is stopping; it cannot create child '{name}'.");
            if (_children.ContainsKey(name))
                throw new InvalidActorNameException($"Actor name '{name}' is already taken under {Path}.");
            child = new ActorCell(System, props, this, Path.Child(name));
            _children[name] = new ChildEntry(child);
        }
        child.Start();
        return child.LocalSelf;
    }

    public IReadOnlyList<IActorRef> GetChildren()
    {
        lock (_children) return [.. _children.Values.Select(c => (IActorRef)c.Cell.LocalSelf)];
    }

    public void Stop(IActorRef actor) => AsLocal(actor).Cell.SendSystem(SystemMessage.Terminate.Instance);

    public void Become(Action behaviour) =>
        (_actor ?? throw new InvalidOperationException($"{Path} has no live instance to change behaviour.")).BecomeFromContext(behaviour);

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null) =>
        _timers.Schedule(initialDelay, interval, receiver, message, sender);

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null) =>
        _timers.Schedule(delay, Timeout.InfiniteTimeSpan, receiver, message, sender);

    internal static LocalActorRef AsLocal(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor as LocalActorRef
            ?? throw new NotSupportedException($"{actor.Path} is not an in-process actor; only local actors can be stopped or watched here.");
    }

    private ActorCell[] ChildCells()
    {
        lock (_children) return [.. _children.Values.Select(c => c.Cell)];
    }

    private ChildEntry? FindChild(ActorCell cell)
    {
        lock (_children)
            return _children.TryGetValue(cell.Path.Name, out var entry) && ReferenceEquals(entry.Cell, cell) ? entry : null;
    }

    public override string ToString() => Path.ToString();
}

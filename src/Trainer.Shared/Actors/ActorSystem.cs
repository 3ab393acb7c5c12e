using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Trainer.Shared.Actors;

/// <summary>
/// A tree of actors under one user guardian, with one dead-letter sink and one logger.
/// <see cref="Terminate"/> (or <c>await using</c>) stops every actor, children before
/// parents, and completes only when every PostStop has run and every dedicated thread has ended.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _guardian;

    private ActorSystem(string name, ILoggerFactory loggerFactory, SupervisorStrategy guardianStrategy)
    {
        Name = name;
        Log = loggerFactory.CreateLogger("Trainer.Shared.Actors");
        DeadLetters = new DeadLetterSink(new ActorPath(name, "deadLetters"), Log);
        _guardian = new ActorCell(this, Props.Create(() => new GuardianActor(guardianStrategy)), parent: null, new ActorPath(name, "user"));
        _guardian.Start();
    }

    /// <summary>
    /// Creates a running system. <paramref name="guardianStrategy"/> supervises the top-level
    /// actors (default: <see cref="SupervisorStrategy.Default"/>).
    /// </summary>
    public static ActorSystem Create(string name, ILoggerFactory? loggerFactory = null, SupervisorStrategy? guardianStrategy = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('/')) throw new ArgumentException($"Actor system name '{name}' must not contain '/'.", nameof(name));
        return new ActorSystem(name, loggerFactory ?? NullLoggerFactory.Instance, guardianStrategy ?? SupervisorStrategy.Default);
    }

    public string Name { get; }

    /// <summary>Undeliverable and unhandled messages: logged, counted, and raised as an event.</summary>
    public DeadLetterSink DeadLetters { get; }

    internal ILogger Log { get; }

    /// <summary>Completes when the system has fully stopped.</summary>
    public Task WhenTerminated => _guardian.Completion;

    /// <summary>Creates a top-level actor, supervised by the user guardian.</summary>
    public IActorRef ActorOf(Props props, string? name = null)
    {
        try
        {
            return _guardian.ActorOf(props, name);
        }
        catch (InvalidOperationException) when (_guardian.StopRequested)
        {
            throw new InvalidOperationException($"Actor system '{Name}' is terminating; no new actors can be created.");
        }
    }

    /// <summary>Stops <paramref name="actor"/> after its current message.</summary>
    public void Stop(IActorRef actor) => ActorCell.AsLocal(actor).Cell.SendSystem(SystemMessage.Terminate.Instance);

    /// <summary>Stops <paramref name="actor"/> and completes once it (and its children) have stopped.</summary>
    public Task StopAsync(IActorRef actor)
    {
        var cell = ActorCell.AsLocal(actor).Cell;
        cell.SendSystem(SystemMessage.Terminate.Instance);
        return cell.Completion;
    }

    /// <summary>Stops every actor; completes when all PostStops have run and all dedicated threads have ended.</summary>
    public Task Terminate()
    {
        _guardian.SendSystem(SystemMessage.Terminate.Instance);
        return _guardian.Completion;
    }

    public ValueTask DisposeAsync() => new(Terminate());

    public override string ToString() => $"trainer://{Name}";
}

using Microsoft.Extensions.Logging;

namespace Trainer.Shared.Actors;

/// <summary>Failure, the parent's decision, and carrying it out (resume, restart, stop, escalate).</summary>
internal sealed partial class ActorCell
{
    private object? _failedMessage;

    /// <summary>Children left suspended because their failure was escalated; resumed with this actor.</summary>
    private readonly HashSet<ActorCell> _escalatedChildren = [];

    /// <summary>
    /// This actor failed: stop taking user messages (they wait in the mailbox) and ask the
    /// parent. Nothing is decided here, so a failure cannot be swallowed by the one that failed.
    /// </summary>
    private void Fail(Exception cause, object? message)
    {
        _suspended = true;
        _failedMessage = message;
        if (ParentCell is not null)
        {
            ParentCell.SendSystem(new SystemMessage.Failed(this, cause));
            return;
        }
        // The user guardian has no supervisor: a failure that reaches it ends the actor tree,
        // as in Akka, rather than leaving a half-working system.
        Log.LogCritical(cause, "{Path} failed with no supervisor above it; stopping every actor", Path);
        SendSystem(SystemMessage.Terminate.Instance);
    }

    private void HandleChildFailure(SystemMessage.Failed failed)
    {
        var entry = FindChild(failed.Child);
        if (entry is null || failed.Child.StopRequested)
        {
            Log.LogWarning(failed.Cause, "{Child} failed while already stopping; no decision needed", failed.Child.Path);
            return;
        }

        var strategy = _actor?.SupervisorStrategy ?? SupervisorStrategy.Default;
        Directive directive;
        try
        {
            directive = strategy.Decide(failed.Cause, entry.Stats, DateTime.UtcNow);
        }
        catch (Exception ex)
        {
            Log.LogError(ex, "The supervisor strategy of {Path} threw; escalating", Path);
            directive = Directive.Escalate;
        }

        Log.Log(directive == Directive.Resume ? LogLevel.Warning : LogLevel.Error, failed.Cause,
            "{Child} failed: {Error}. Supervisor {Path} decided {Directive} (restarts so far: {Restarts})",
            failed.Child.Path, failed.Cause.Message, Path, directive, entry.Stats.RestartCount);

        switch (directive)
        {
            case Directive.Resume:
                failed.Child.SendSystem(SystemMessage.Resume.Instance);
                break;
            case Directive.Restart:
                failed.Child.SendSystem(new SystemMessage.Restart(failed.Cause));
                break;
            case Directive.Stop:
                StopChild(failed.Child);
                break;
            case Directive.Escalate:
                _escalatedChildren.Add(failed.Child);
                Fail(failed.Cause, message: null);
                break;
        }
    }

    private void Resume()
    {
        if (_stopping) return;
        if (_actor is null)
        {
            // Nothing to resume when construction failed: only a fresh instance can go on.
            _ = RestartAsync(new InvalidOperationException($"{Path} was resumed without a live instance"));
            return;
        }
        _suspended = false;
        _failedMessage = null;
        foreach (var child in _escalatedChildren) child.SendSystem(SystemMessage.Resume.Instance);
        _escalatedChildren.Clear();
    }

    /// <summary>
    /// Replaces the instance, keeping the cell, ref and mailbox: old PreRestart (default: stop
    /// children, PostStop), wait until those children are gone (so the new instance can reuse
    /// their names), new instance with PostRestart (default: PreStart), surviving children restarted.
    /// </summary>
    private async Task RestartAsync(Exception cause)
    {
        if (_stopping) return;
        _timers.CancelAll();
        if (_actor is not null)
        {
            try
            {
                _actor.InvokePreRestart(cause, _failedMessage);
            }
            catch (Exception ex)
            {
                Log.LogError(ex, "PreRestart of {Path} threw; restarting anyway", Path);
            }
        }
        _actor = null;
        _failedMessage = null;
        _escalatedChildren.Clear();

        await AwaitStoppingChildrenAsync();
        var survivors = ChildCells();
        if (!CreateInstance(cause)) return;
        _suspended = false;
        foreach (var child in survivors) child.SendSystem(new SystemMessage.Restart(cause));
    }

    private static void StopChild(ActorCell child) => child.SendSystem(SystemMessage.Terminate.Instance);

    private async Task AwaitStoppingChildrenAsync()
    {
        ActorCell[] stopping;
        lock (_children) stopping = [.. _children.Values.Where(c => c.Cell.StopRequested).Select(c => c.Cell)];
        await Task.WhenAll(stopping.Select(c => c.Completion));
        foreach (var child in stopping) RemoveChild(child);
    }

    private void RemoveChild(ActorCell child)
    {
        lock (_children)
        {
            if (_children.TryGetValue(child.Path.Name, out var entry) && ReferenceEquals(entry.Cell, child))
                _children.Remove(child.Path.Name);
        }
        _escalatedChildren.Remove(child);
    }
}

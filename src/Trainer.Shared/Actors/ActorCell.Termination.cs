using Microsoft.Extensions.Logging;

namespace Trainer.Shared.Actors;

/// <summary>Stopping, death watch, and what happens to messages that arrive too late.</summary>
internal sealed partial class ActorCell
{
    private readonly HashSet<ActorCell> _watchers = [];
    private readonly HashSet<IActorRef> _watching = [];

    public IActorRef Watch(IActorRef subject)
    {
        var local = AsLocal(subject);
        if (!ReferenceEquals(local.Cell, this) && _watching.Add(local))
            local.Cell.SendSystem(new SystemMessage.Watch(this));
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        var local = AsLocal(subject);
        if (_watching.Remove(local)) local.Cell.SendSystem(new SystemMessage.Unwatch(this));
        return subject;
    }

    /// <summary>
    /// Children first (each awaited, so their PostStop has run), then our own PostStop, then
    /// the mailbox is closed and everyone interested is told. Timers go first of all so that
    /// no tick can arrive during the shutdown.
    /// </summary>
    private async Task StopAsync()
    {
        lock (_children)
        {
            if (_stopping) return;
            _stopping = true;
        }
        _stopRequested = true;
        _timers.CancelAll();
        var children = ChildCells();
        foreach (var child in children) StopChild(child);
        await Task.WhenAll(children.Select(c => c.Completion));

        if (_actor is not null)
        {
            try
            {
                _actor.InvokePostStop();
            }
            catch (Exception ex)
            {
                Log.LogError(ex, "PostStop of {Path} threw", Path);
            }
            _actor = null;
        }
        Finish();
    }

    private void Finish()
    {
        _terminated = true;
        _timers.CancelAll();
        _mailbox.Writer.TryComplete();
        foreach (var subject in _watching) ((LocalActorRef)subject).Cell.SendSystem(new SystemMessage.Unwatch(this));
        _watching.Clear();

        DrainSystemAfterDeath();
        while (_stash.TryDequeue(out var stashed)) DeadLetter(stashed);
        while (_mailbox.Reader.TryRead(out var item))
        {
            if (item is Envelope envelope) DeadLetter(envelope);
        }

        foreach (var watcher in _watchers) watcher.Post(new DeathWatchNotification(LocalSelf), sender: null);
        _watchers.Clear();
        ParentCell?.SendSystem(new SystemMessage.ChildTerminated(this));
        Log.LogDebug("{Path} stopped", Path);
    }

    private void DeadLetter(Envelope envelope) =>
        System.DeadLetters.Publish(new DeadLetter(envelope.Message, envelope.Sender, LocalSelf, DeadLetterReason.RecipientTerminated));

    /// <summary>
    /// System messages that reach a stopped actor. Runs on whichever thread saw the closed
    /// mailbox, so it touches no loop state: a late Watch is answered with Terminated at once,
    /// everything else has nothing left to act on.
    /// </summary>
    private void DrainSystemAfterDeath()
    {
        while (_systemQueue.TryDequeue(out var message))
        {
            if (message is SystemMessage.Watch watch) watch.Watcher.Post(new DeathWatchNotification(LocalSelf), sender: null);
        }
    }
}

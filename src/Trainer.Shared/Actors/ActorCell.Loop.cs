using Microsoft.Extensions.Logging;

namespace Trainer.Shared.Actors;

/// <summary>The processing loop: one message at a time, system messages first.</summary>
internal sealed partial class ActorCell
{
    // Touched only by the loop (hence no locks), except _stopping which ActorOf reads under the children lock.
    private bool _suspended;
    private bool _stopping;
    private bool _terminated;

    /// <summary>
    /// The actor's whole life. No <c>ConfigureAwait(false)</c> anywhere on this path: on a
    /// dedicated thread every continuation must come back through the thread's context.
    /// </summary>
    private async Task RunAsync()
    {
        try
        {
            CreateInstance(restartCause: null);
            while (!_terminated)
            {
                if (_systemQueue.TryDequeue(out var system))
                {
                    await HandleSystemAsync(system);
                    continue;
                }
                if (!_suspended && _stash.TryDequeue(out var stashed))
                {
                    await InvokeAsync(stashed);
                    continue;
                }
                var item = _mailbox.Reader.TryRead(out var ready) ? ready : await _mailbox.Reader.ReadAsync();
                if (item is not Envelope envelope) continue; // a wake-up marker: the system queue is checked at the top
                if (_suspended) _stash.Enqueue(envelope);
                else await InvokeAsync(envelope);
            }
        }
        catch (Exception ex)
        {
            // Only a bug in the runtime itself gets here (handlers and hooks are guarded); close
            // the actor so that nobody waits for it forever.
            Log.LogCritical(ex, "Actor runtime failure in {Path}; the actor is closed", Path);
            if (!_terminated) Finish();
        }
        finally
        {
            if (!Props.DedicatedThread) _completion.TrySetResult();
        }
    }

    private async Task InvokeAsync(Envelope envelope)
    {
        var message = envelope.Message;
        if (message is PoisonPill)
        {
            await StopAsync();
            return;
        }
        if (message is DeathWatchNotification death)
        {
            // Stale when Unwatch raced the notification: the actor asked not to hear of it.
            if (!_watching.Remove(death.ActorRef)) return;
            message = new Terminated(death.ActorRef);
        }

        _sender = envelope.Sender;
        try
        {
            var pending = _actor!.Dispatch(message);
            if (pending is not null) await pending;
        }
        catch (Exception ex)
        {
            Fail(ex, message);
        }
        finally
        {
            _sender = null;
        }
    }

    private async Task HandleSystemAsync(SystemMessage message)
    {
        switch (message)
        {
            case SystemMessage.Terminate:
                await StopAsync();
                break;
            case SystemMessage.Failed failed:
                HandleChildFailure(failed);
                break;
            case SystemMessage.Resume:
                Resume();
                break;
            case SystemMessage.Restart restart:
                await RestartAsync(restart.Cause);
                break;
            case SystemMessage.Watch watch:
                _watchers.Add(watch.Watcher);
                break;
            case SystemMessage.Unwatch unwatch:
                _watchers.Remove(unwatch.Watcher);
                break;
            case SystemMessage.ChildTerminated child:
                RemoveChild(child.Child);
                break;
        }
    }

    /// <summary>Makes the instance on the loop's thread; a throwing constructor or hook is an initialization failure.</summary>
    private bool CreateInstance(Exception? restartCause)
    {
        try
        {
            ActorBase instance;
            Constructing = this;
            try
            {
                instance = Props.Factory();
            }
            finally
            {
                Constructing = null;
            }
            if (!ReferenceEquals(instance.Cell, this))
                throw new InvalidOperationException($"The Props factory of {Path} must return a new instance on every call.");
            _actor = instance;
            if (restartCause is null) instance.InvokePreStart();
            else instance.InvokePostRestart(restartCause);
            return true;
        }
        catch (Exception ex)
        {
            // 'new T()' in Props.Create<T>() goes through Activator, which wraps the constructor's exception.
            var cause = ex is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : ex;
            Fail(new ActorInitializationException(Path, cause), message: null);
            return false;
        }
    }

    internal void Unhandled(object message)
    {
        Log.LogWarning("{Path} has no handler for {MessageType} in its current behaviour", Path, message.GetType().Name);
        System.DeadLetters.Publish(new DeadLetter(message, _sender, LocalSelf, DeadLetterReason.Unhandled));
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Trainer.Shared.Actors;

/// <summary>
/// A single-threaded <see cref="SynchronizationContext"/>: the owning thread pumps every
/// continuation posted to it. An actor loop started under it keeps ALL its work (awaits inside
/// handlers included) on that one OS thread, which libtorch's per-thread state requires.
/// </summary>
internal sealed class DedicatedThreadContext(ILogger log) : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            // The thread has ended; only work detached from the actor can still arrive, and it
            // runs on the pool rather than being lost.
            ThreadPool.QueueUserWorkItem(s => d(s), state, preferLocal: false);
        }
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send to an actor's dedicated thread would deadlock; use Tell.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="body"/> on the calling thread and pumps its continuations until it completes.</summary>
    public void Run(Func<Task> body)
    {
        SetSynchronizationContext(this);
        try
        {
            var task = body();
            task.ContinueWith(_ => _queue.CompleteAdding(), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var (callback, state) in _queue.GetConsumingEnumerable())
            {
                try
                {
                    callback(state);
                }
                catch (Exception ex)
                {
                    // Only an 'async void' in user code can throw here; log it rather than kill the thread.
                    log.LogCritical(ex, "Unobserved exception on dedicated actor thread {Thread}", Thread.CurrentThread.Name);
                }
            }
        }
        finally
        {
            SetSynchronizationContext(null);
        }
    }
}

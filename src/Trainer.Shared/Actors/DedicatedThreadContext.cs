using Microsoft.Extensions.Logging;

namespace Trainer.Shared.Actors;

/// <summary>
/// A single-threaded <see cref="SynchronizationContext"/>: the owning thread pumps every
/// continuation posted to it. An actor loop started under it keeps ALL its work (awaits inside
/// handlers included) on that one OS thread, which libtorch's per-thread state requires.
/// </summary>
internal sealed class DedicatedThreadContext(ILogger log) : SynchronizationContext
{
    // A plain monitor-guarded queue rather than a BlockingCollection: its SemaphoreSlim spins and
    // yields before it sleeps, and an idle actor thread spinning on every wait takes CPU from the
    // replicas computing on the same cores (on two cores, ~15% of their forward and backward).
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private bool _completed;

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_queue)
        {
            if (!_completed)
            {
                _queue.Enqueue((d, state));
                if (_queue.Count == 1) Monitor.Pulse(_queue);
                return;
            }
        }
        // The thread has ended; only work detached from the actor can still arrive, and it
        // runs on the pool rather than being lost.
        ThreadPool.QueueUserWorkItem(s => d(s), state, preferLocal: false);
    }

    private void CompleteAdding()
    {
        lock (_queue)
        {
            _completed = true;
            Monitor.Pulse(_queue);
        }
    }

    /// <summary>The next continuation, sleeping until one is posted; false once the body completed and the queue is drained.</summary>
    private bool TakeNext(out (SendOrPostCallback Callback, object? State) work)
    {
        lock (_queue)
        {
            while (_queue.Count == 0)
            {
                if (_completed)
                {
                    work = default;
                    return false;
                }
                Monitor.Wait(_queue);
            }
            work = _queue.Dequeue();
            return true;
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
            task.ContinueWith(_ => CompleteAdding(), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            while (TakeNext(out var work))
            {
                var (callback, state) = work;
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

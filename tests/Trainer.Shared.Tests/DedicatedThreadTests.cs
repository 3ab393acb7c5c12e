namespace Trainer.Shared.Tests;

public sealed class DedicatedThreadTests : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("threads");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

    /// <summary>Records the managed thread id at every point where user code runs, async continuations included.</summary>
    private sealed class ThreadRecorder : ActorBase
    {
        public sealed record Work(int Id);
        public sealed record WorkAsync(int Id);
        public sealed record GetThreads { public static readonly GetThreads Instance = new(); }
        public sealed record Threads(IReadOnlyList<int> Ids);

        private readonly List<int> _ids = [Environment.CurrentManagedThreadId];

        public ThreadRecorder()
        {
            Receive<Work>(_ => _ids.Add(Environment.CurrentManagedThreadId));
            ReceiveAsync<WorkAsync>(async _ =>
            {
                _ids.Add(Environment.CurrentManagedThreadId);
                await Task.Delay(1);
                _ids.Add(Environment.CurrentManagedThreadId);
                await Task.Yield();
                _ids.Add(Environment.CurrentManagedThreadId);
            });
            Receive<Boom>(m => throw new InvalidOperationException(m.Reason));
            Receive<GetThreads>(_ => Sender.Tell(new Threads([.. _ids, Environment.CurrentManagedThreadId]), Self));
        }

        protected override void PreStart() => _ids.Add(Environment.CurrentManagedThreadId);
    }

    [Fact]
    public async Task DedicatedThread_SyncAndAsyncHandlers_AllOnOneThread()
    {
        var actor = _system.ActorOf(Props.Create<ThreadRecorder>().WithDedicatedThread(), "device");
        for (var i = 0; i < 200; i++)
        {
            actor.Tell(new ThreadRecorder.Work(i));
            actor.Tell(new ThreadRecorder.WorkAsync(i));
        }

        var ids = (await actor.Ask<ThreadRecorder.Threads>(ThreadRecorder.GetThreads.Instance, TestProbe.Wait)).Ids;

        Assert.Equal(2 + 200 * 4 + 1, ids.Count);
        var thread = ((LocalActorRef)actor).Cell.DedicatedThread!;
        Assert.All(ids, id => Assert.Equal(thread.ManagedThreadId, id));
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread.ManagedThreadId);
    }

    [Fact]
    public async Task DedicatedThread_AfterRestart_NewInstanceOnSameThread()
    {
        var actor = _system.ActorOf(Props.Create<ThreadRecorder>().WithDedicatedThread(), "device");
        var before = (await actor.Ask<ThreadRecorder.Threads>(ThreadRecorder.GetThreads.Instance, TestProbe.Wait)).Ids;

        actor.Tell(new Boom("restart me"));
        var after = (await actor.Ask<ThreadRecorder.Threads>(ThreadRecorder.GetThreads.Instance, TestProbe.Wait)).Ids;

        Assert.Equal(3, after.Count); // a fresh instance: constructor, PreStart, this reply
        Assert.All(after, id => Assert.Equal(before[0], id));
    }

    [Fact]
    public async Task PoolActor_AsyncHandlers_StillOneMessageAtATime()
    {
        var actor = _system.ActorOf(Props.Create<OverlapDetector>(), "pool");
        for (var i = 0; i < 100; i++) actor.Tell(new Echo("x"));

        var maxConcurrent = await actor.Ask<int>(GetCount.Instance, TestProbe.Wait);

        Assert.Equal(1, maxConcurrent);
    }

    /// <summary>Counts handlers running at once; with one message at a time it never exceeds 1.</summary>
    private sealed class OverlapDetector : ActorBase
    {
        private int _running, _max;

        public OverlapDetector()
        {
            ReceiveAsync<Echo>(async _ =>
            {
                _max = Math.Max(_max, Interlocked.Increment(ref _running));
                await Task.Yield();
                await Task.Delay(1);
                Interlocked.Decrement(ref _running);
            });
            Receive<GetCount>(_ => Sender.Tell(_max, Self));
        }
    }
}

namespace Trainer.Shared.Tests;

public sealed class LifecycleTests
{
    /// <summary>Makes <c>fanOut</c> children down to <c>depth</c>; every PostStop is recorded with its path.</summary>
    private sealed class TreeActor : ActorBase
    {
        private readonly LifecycleLog _log;
        private readonly int _depth, _fanOut;
        private readonly bool _dedicated;

        public TreeActor(LifecycleLog log, int depth, int fanOut, bool dedicated)
        {
            (_log, _depth, _fanOut, _dedicated) = (log, depth, fanOut, dedicated);
            Receive<GetCount>(_ => Sender.Tell(Context.GetChildren().Count, Self));
        }

        protected override void PreStart()
        {
            _log.Add("start " + Self.Path.Address);
            if (_depth == 0) return;
            for (var i = 0; i < _fanOut; i++)
            {
                var props = Props.Create(() => new TreeActor(_log, _depth - 1, _fanOut, _dedicated));
                Context.ActorOf(_dedicated ? props.WithDedicatedThread() : props, $"c{i}");
            }
        }

        protected override void PostStop() => _log.Add("stop " + Self.Path.Address);
    }

    [Fact]
    public async Task Terminate_ActorTree_AwaitsEveryPostStopChildrenFirst()
    {
        var system = ActorSystem.Create("tree");
        var log = new LifecycleLog();
        var roots = Enumerable.Range(0, 2)
            .Select(i => system.ActorOf(Props.Create(() => new TreeActor(log, 2, 3, false)), $"root{i}")).ToList();
        foreach (var root in roots) Assert.Equal(3, await root.Ask<int>(GetCount.Instance, TestProbe.Wait));

        await system.Terminate();

        var events = log.Events;
        var stops = events.Where(e => e.StartsWith("stop ")).Select(e => e[5..]).ToList();
        Assert.Equal(2 * (1 + 3 + 9), stops.Count);
        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        // A parent's PostStop comes after every one of its descendants'.
        for (var i = 0; i < stops.Count; i++)
            Assert.DoesNotContain(stops.Skip(i + 1), later => later.StartsWith(stops[i] + "/"));
    }

    [Fact]
    public async Task Terminate_DedicatedThreads_NoThreadLeftRunning()
    {
        var system = ActorSystem.Create("threads");
        var log = new LifecycleLog();
        var root = system.ActorOf(Props.Create(() => new TreeActor(log, 1, 4, true)).WithDedicatedThread(), "root");
        Assert.Equal(4, await root.Ask<int>(GetCount.Instance, TestProbe.Wait));
        var threads = new[] { ((LocalActorRef)root).Cell.DedicatedThread! }
            .Concat(((LocalActorRef)root).Cell.GetChildren().Select(c => ((LocalActorRef)c).Cell.DedicatedThread!)).ToList();
        Assert.Equal(5, threads.Select(t => t.ManagedThreadId).Distinct().Count());

        await system.Terminate();

        Assert.All(threads, t => Assert.True(t.Join(TestProbe.Wait), $"{t.Name} still running"));
        Assert.Equal(5, log.Events.Count(e => e.StartsWith("stop ")));
    }

    [Fact]
    public async Task Terminate_ThenActorOf_ThrowsNamingTheSystem()
    {
        var system = ActorSystem.Create("closed");
        await system.Terminate();

        var ex = Assert.Throws<InvalidOperationException>(() => system.ActorOf(Props.Create<EchoActor>(), "late"));

        Assert.Contains("closed", ex.Message);
    }

    [Fact]
    public async Task DisposeAsync_RunningActors_StoppedWithPostStop()
    {
        var log = new LifecycleLog();
        await using (var system = ActorSystem.Create("disposed"))
        {
            var actor = system.ActorOf(Props.Create(() => new CounterActor(log)), "counter");
            await actor.Ask<int>(GetCount.Instance, TestProbe.Wait);
        }

        Assert.Equal(["PreStart", "PostStop"], log.Events);
    }

    [Fact]
    public async Task ActorOf_DuplicateName_ThrowsInvalidActorName()
    {
        await using var system = ActorSystem.Create("names");
        system.ActorOf(Props.Create<EchoActor>(), "same");

        Assert.Throws<InvalidActorNameException>(() => system.ActorOf(Props.Create<EchoActor>(), "same"));
        Assert.Throws<InvalidActorNameException>(() => system.ActorOf(Props.Create<EchoActor>(), "a/b"));
    }

    [Fact]
    public void NewActor_OutsideRuntime_ThrowsExplaining()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new EchoActor());

        Assert.Contains("ActorOf", ex.Message);
    }

    [Fact]
    public async Task PoisonPill_AfterQueuedMessages_ProcessedThenStopped()
    {
        await using var system = ActorSystem.Create("poison");
        var collector = system.ActorOf(Props.Create<CollectorActor>(), "collector");
        var probe = new TestProbe(system);
        for (var i = 0; i < 100; i++) collector.Tell(new Append(i));
        collector.Tell(GetCollected.Instance, probe.Ref);
        collector.Tell(PoisonPill.Instance);

        var collected = await probe.ExpectAsync<Collected>();
        await ((LocalActorRef)collector).Cell.Completion.WaitAsync(TestProbe.Wait);

        Assert.Equal(100, collected.Values.Count);
    }

    /// <summary>Two behaviours as methods, as the device actor will have (Initializing → Training).</summary>
    private sealed class SwitchingActor : ActorBase
    {
        public SwitchingActor() => Become(Initializing);

        private void Initializing()
        {
            Receive<Echo>(m => Sender.Tell(new Echo("initializing: " + m.Text), Self));
            Receive<Increment>(_ => Become(Training));
        }

        private void Training() => Receive<Echo>(m => Sender.Tell(new Echo("training: " + m.Text), Self));
    }

    [Fact]
    public async Task Become_SwitchesBehaviour_OldHandlersGone()
    {
        await using var system = ActorSystem.Create("become");
        var actor = system.ActorOf(Props.Create<SwitchingActor>(), "switch");

        var first = await actor.Ask<Echo>(new Echo("a"), TestProbe.Wait);
        actor.Tell(Increment.Instance);
        var second = await actor.Ask<Echo>(new Echo("b"), TestProbe.Wait);
        var unhandled = await Assert.ThrowsAsync<DeadLetterException>(() => actor.Ask<Echo>(Increment.Instance, TestProbe.Wait));

        Assert.Equal("initializing: a", first.Text);
        Assert.Equal("training: b", second.Text);
        Assert.Equal(DeadLetterReason.Unhandled, unhandled.Letter.Reason);
    }
}

namespace Trainer.Shared.Tests;

public sealed class TimerTests : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("timers");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

    /// <summary>1 for a forwarded self-tick (id 1000 + n), 2 for the anonymous tell.</summary>
    private static int Kind(Tick tick) => tick.Id >= 1000 ? 1 : tick.Id;

    /// <summary>A keyed periodic self-tick forwarded to the probe, plus an anonymous repeated tell straight to the probe.</summary>
    private sealed class TickingActor : ActorBase
    {
        public sealed record StopTicking { public static readonly StopTicking Instance = new(); }

        private readonly IActorRef _probe;
        private int _ticks;

        public TickingActor(IActorRef probe)
        {
            _probe = probe;
            Receive<Tick>(t => _probe.Tell(new Tick(t.Id * 1000 + ++_ticks), Self));
            Receive<StopTicking>(_ =>
            {
                Context.Timers.Cancel("self");
                Sender.Tell(Context.Timers.IsTimerActive("self"), Self);
            });
        }

        protected override void PreStart()
        {
            Context.Timers.StartPeriodicTimer("self", new Tick(1), TimeSpan.FromMilliseconds(2));
            Context.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(2), _probe, new Tick(2));
        }
    }

    [Fact]
    public async Task PeriodicTimers_Running_TicksArrive()
    {
        var probe = new TestProbe(_system);
        _system.ActorOf(Props.Create(() => new TickingActor(probe.Ref)), "ticker");

        var seen = new HashSet<int>();
        while (!(seen.Contains(1) && seen.Contains(2)))
            seen.Add(Kind(await probe.ExpectAsync<Tick>()));

        Assert.Equal([1, 2], seen.Order());
    }

    [Fact]
    public async Task Stop_TimersRunning_AllCancelledNoTickAfterPostStop()
    {
        var probe = new TestProbe(_system);
        var actor = _system.ActorOf(Props.Create(() => new TickingActor(probe.Ref)), "ticker");
        // Wait until both timers are demonstrably firing.
        var seen = new HashSet<int>();
        while (seen.Count < 2) seen.Add(Kind(await probe.ExpectAsync<Tick>()));

        await _system.StopAsync(actor);
        // Ticks queued before the stop are dead-lettered during it, and ticks told to the probe
        // before it may still sit in the probe's mailbox: drain through the mailbox. Only ticks
        // sent after the stop would be a bug.
        var deadBefore = _system.DeadLetters.Count;
        await probe.DrainMailboxAsync();
        // Several timer periods: a live timer would have delivered (or dead-lettered) many ticks by now.
        await Task.Delay(100);

        Assert.Equal(0, ((LocalActorRef)actor).Cell.ActiveTimerCount);
        Assert.Empty(probe.Drain());
        Assert.Equal(deadBefore, _system.DeadLetters.Count);
    }

    [Fact]
    public async Task CancelKeyedTimer_FromHandler_NoLongerActive()
    {
        var probe = new TestProbe(_system);
        var actor = _system.ActorOf(Props.Create(() => new TickingActor(probe.Ref)), "ticker");

        var active = await actor.Ask<bool>(TickingActor.StopTicking.Instance, TestProbe.Wait);

        Assert.False(active);
        Assert.Equal(1, ((LocalActorRef)actor).Cell.ActiveTimerCount); // the anonymous one remains
    }

    [Fact]
    public async Task ScheduleTellOnce_Fires_ThenForgotten()
    {
        var probe = new TestProbe(_system);
        var actor = _system.ActorOf(Props.Create(() => new OnceActor(probe.Ref)), "once");

        var tick = await probe.ExpectAsync<Tick>();
        await actor.Ask<int>(GetCount.Instance, TestProbe.Wait);

        Assert.Equal(7, tick.Id);
        var cell = ((LocalActorRef)actor).Cell;
        // The single-shot timer unregisters itself right after its Tell; allow that to finish.
        for (var i = 0; i < 1000 && cell.ActiveTimerCount != 0; i++) await Task.Delay(10);
        Assert.Equal(0, cell.ActiveTimerCount);
    }

    private sealed class OnceActor : ActorBase
    {
        public OnceActor(IActorRef probe)
        {
            Receive<GetCount>(_ => Sender.Tell(0, Self));
            Context.ScheduleTellOnce(TimeSpan.FromMilliseconds(1), probe, new Tick(7));
        }
    }
}

namespace Trainer.Shared.Tests;

public sealed class DeathWatchTests : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("watch");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

    /// <summary>Watches whatever ref it is told, forwards Terminated to the probe, unwatches on request.</summary>
    private sealed class WatcherActor : ActorBase
    {
        public sealed record WatchIt(IActorRef Subject);
        public sealed record UnwatchIt(IActorRef Subject);

        public WatcherActor(IActorRef probe)
        {
            Receive<WatchIt>(m => { Context.Watch(m.Subject); Sender.Tell(new Status.Success(), Self); });
            Receive<UnwatchIt>(m => { Context.Unwatch(m.Subject); Sender.Tell(new Status.Success(), Self); });
            Receive<Terminated>(t => probe.Tell(t, Self));
        }
    }

    [Fact]
    public async Task Watch_SubjectStops_WatcherGetsTerminated()
    {
        var probe = new TestProbe(_system);
        var watcher = _system.ActorOf(Props.Create(() => new WatcherActor(probe.Ref)), "watcher");
        var subject = _system.ActorOf(Props.Create<SilentActor>(), "subject");
        await watcher.Ask<Status.Success>(new WatcherActor.WatchIt(subject), TestProbe.Wait);

        _system.Stop(subject);
        var terminated = await probe.ExpectAsync<Terminated>();

        Assert.Equal(subject, terminated.ActorRef);
    }

    [Fact]
    public async Task Watch_SubjectAlreadyStopped_TerminatedAtOnce()
    {
        var probe = new TestProbe(_system);
        var watcher = _system.ActorOf(Props.Create(() => new WatcherActor(probe.Ref)), "watcher");
        var subject = _system.ActorOf(Props.Create<SilentActor>(), "subject");
        await _system.StopAsync(subject);

        await watcher.Ask<Status.Success>(new WatcherActor.WatchIt(subject), TestProbe.Wait);
        var terminated = await probe.ExpectAsync<Terminated>();

        Assert.Equal(subject, terminated.ActorRef);
    }

    [Fact]
    public async Task Unwatch_BeforeStop_NoTerminated()
    {
        var probe = new TestProbe(_system);
        var watcher = _system.ActorOf(Props.Create(() => new WatcherActor(probe.Ref)), "watcher");
        var subject = _system.ActorOf(Props.Create<SilentActor>(), "subject");
        var other = _system.ActorOf(Props.Create<SilentActor>(), "other");
        await watcher.Ask<Status.Success>(new WatcherActor.WatchIt(subject), TestProbe.Wait);
        await watcher.Ask<Status.Success>(new WatcherActor.WatchIt(other), TestProbe.Wait);

        await watcher.Ask<Status.Success>(new WatcherActor.UnwatchIt(subject), TestProbe.Wait);
        await _system.StopAsync(subject);
        _system.Stop(other);
        // 'other' stops after 'subject', and notifications from both go through the same mailbox:
        // the first Terminated the probe sees must be the one still watched.
        var terminated = await probe.ExpectAsync<Terminated>();

        Assert.Equal(other, terminated.ActorRef);
    }
}

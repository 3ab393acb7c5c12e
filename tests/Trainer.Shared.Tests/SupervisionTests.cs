using Microsoft.Extensions.Logging;

namespace Trainer.Shared.Tests;

public sealed class SupervisionTests : IAsyncLifetime
{
    private readonly CapturingLoggerFactory _logs = new();
    private readonly ActorSystem _system;
    private readonly TestProbe _probe;
    private readonly LifecycleLog _childLog = new();

    public SupervisionTests()
    {
        _system = ActorSystem.Create("supervision", _logs);
        _probe = new TestProbe(_system);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

    private async Task<IActorRef> SpawnChildUnder(SupervisorStrategy strategy, string name = "parent")
    {
        var parent = _system.ActorOf(Props.Create(() => new ParentActor(
            Props.Create(() => new CounterActor(_childLog)), strategy, _probe.Ref)), name);
        return await parent.Ask<IActorRef>(ParentActor.GetChild.Instance, TestProbe.Wait);
    }

    [Fact]
    public async Task Restart_HandlerThrows_StateResetMailboxKeptHooksRun()
    {
        var child = await SpawnChildUnder(new OneForOneStrategy(_ => Directive.Restart));
        var gate = new TaskCompletionSource();
        child.Tell(Increment.Instance);
        child.Tell(Increment.Instance);
        child.Tell(new CounterActor.Hold(gate.Task));
        // Queued while the actor is held: they must survive the restart caused by Boom.
        child.Tell(new Boom("bad state"));
        child.Tell(Increment.Instance);
        child.Tell(Increment.Instance);
        child.Tell(Increment.Instance);
        gate.SetResult();

        var count = await child.Ask<int>(GetCount.Instance, TestProbe.Wait);

        Assert.Equal(3, count);
        Assert.Equal(["PreStart", "PostStop", "PreStart"], _childLog.Events);
    }

    [Fact]
    public async Task Restart_HandlerThrows_FailureLoggedAsErrorWithException()
    {
        var child = await SpawnChildUnder(new OneForOneStrategy(_ => Directive.Restart));

        child.Tell(new Boom("logged please"));
        await child.Ask<int>(GetCount.Instance, TestProbe.Wait);

        var entry = Assert.Single(_logs.Entries, e => e.Exception?.Message == "logged please");
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("Restart", entry.Message);
        Assert.Contains(child.Path.ToString(), entry.Message);
    }

    [Fact]
    public async Task Resume_HandlerThrows_StateKeptNoRestart()
    {
        var child = await SpawnChildUnder(new OneForOneStrategy(_ => Directive.Resume));

        child.Tell(Increment.Instance);
        child.Tell(new Boom("transient"));
        child.Tell(Increment.Instance);
        var count = await child.Ask<int>(GetCount.Instance, TestProbe.Wait);

        Assert.Equal(2, count);
        Assert.Equal(["PreStart"], _childLog.Events);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Exception?.Message == "transient");
    }

    [Fact]
    public async Task Stop_HandlerThrows_ChildStoppedParentToldTerminated()
    {
        var child = await SpawnChildUnder(SupervisorStrategy.StoppingStrategy);

        child.Tell(new Boom("fatal"));
        var terminated = await _probe.ExpectAsync<Terminated>();

        Assert.Equal(child, terminated.ActorRef);
        Assert.Equal(["PreStart", "PostStop"], _childLog.Events);
    }

    [Fact]
    public async Task MaxRetries_ExceededWithinWindow_ChildStopped()
    {
        var child = await SpawnChildUnder(new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart));

        child.Tell(new Boom("1"));
        child.Tell(new Boom("2"));
        child.Tell(new Boom("3"));
        var terminated = await _probe.ExpectAsync<Terminated>();

        Assert.Equal(child, terminated.ActorRef);
        Assert.Equal(3, _childLog.Count("PreStart"));
        Assert.Equal(3, _childLog.Count("PostStop"));
        Assert.Contains(_logs.Entries, e => e.Exception?.Message == "3" && e.Message.Contains("Stop"));
    }

    [Fact]
    public void RestartStats_WindowPassed_BudgetRenewed()
    {
        var stats = new ChildRestartStats();
        var t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var window = TimeSpan.FromSeconds(10);

        Assert.True(stats.RequestRestartPermission(1, window, t0));
        Assert.False(stats.RequestRestartPermission(1, window, t0.AddSeconds(5)));
        Assert.True(stats.RequestRestartPermission(1, window, t0.AddSeconds(30)));
    }

    [Fact]
    public void RestartStats_ZeroRetries_NeverPermitted()
    {
        Assert.False(new ChildRestartStats().RequestRestartPermission(0, Timeout.InfiniteTimeSpan, DateTime.UtcNow));
    }

    [Fact]
    public async Task Escalate_ChildFails_GrandparentDecidesAndRestartsParent()
    {
        var parentLog = new LifecycleLog();
        var decisions = new TestProbe(_system, "decisions");
        // grandparent (restarts, reporting each decision) → parent (escalates) → child (counter).
        var grandparentStrategy = new OneForOneStrategy(ex =>
        {
            decisions.Ref.Tell(new Echo(ex.Message));
            return Directive.Restart;
        });
        var parentProps = Props.Create(() => new ParentActor(
            Props.Create(() => new CounterActor(_childLog)), new OneForOneStrategy(_ => Directive.Escalate), _probe.Ref, parentLog));
        var grandparent = _system.ActorOf(Props.Create(() => new ParentActor(parentProps, grandparentStrategy, _probe.Ref)), "grandparent");
        var parent = await grandparent.Ask<IActorRef>(ParentActor.GetChild.Instance, TestProbe.Wait);
        var child = await parent.Ask<IActorRef>(ParentActor.GetChild.Instance, TestProbe.Wait);
        child.Tell(Increment.Instance);

        child.Tell(new Boom("escalate me"));
        var decided = await decisions.ExpectAsync<Echo>();
        var newChild = await parent.Ask<IActorRef>(ParentActor.GetChild.Instance, TestProbe.Wait);
        var count = await newChild.Ask<int>(GetCount.Instance, TestProbe.Wait);

        Assert.Equal("escalate me", decided.Text);
        Assert.Equal(["ParentPreStart", "ParentPostStop", "ParentPreStart"], parentLog.Events);
        Assert.Equal(["PreStart", "PostStop", "PreStart"], _childLog.Events);
        Assert.Equal(0, count);
        Assert.NotEqual(child, newChild);
    }

    [Fact]
    public async Task Initialization_ConstructorThrows_DefaultStrategyStopsAndLogs()
    {
        var watcher = _system.ActorOf(Props.Create(() => new ParentActor(
            Props.Create<ThrowingConstructorActor>(), SupervisorStrategy.Default, _probe.Ref)), "parent");

        var terminated = await _probe.ExpectAsync<Terminated>();

        Assert.Equal("child", terminated.ActorRef.Path.Name);
        var entry = Assert.Single(_logs.Entries, e => e.Exception is ActorInitializationException);
        Assert.Equal("cannot start", entry.Exception!.InnerException!.Message);
        Assert.Contains("Stop", entry.Message);
        GC.KeepAlive(watcher);
    }

    private sealed class ThrowingConstructorActor : ActorBase
    {
        public ThrowingConstructorActor() => throw new InvalidOperationException("cannot start");
    }
}

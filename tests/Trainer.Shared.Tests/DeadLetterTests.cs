namespace Trainer.Shared.Tests;

public sealed class DeadLetterTests : IAsyncLifetime
{
    private readonly CapturingLoggerFactory _logs = new();
    private readonly ActorSystem _system;
    private readonly List<DeadLetter> _letters = [];

    public DeadLetterTests()
    {
        _system = ActorSystem.Create("deadletters", _logs);
        _system.DeadLetters.Received += l => { lock (_letters) _letters.Add(l); };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

    private DeadLetter[] Letters() { lock (_letters) return [.. _letters]; }

    [Fact]
    public async Task Tell_StoppedActor_DeadLetterRaisedCountedLogged()
    {
        var actor = _system.ActorOf(Props.Create<EchoActor>(), "gone");
        await _system.StopAsync(actor);

        actor.Tell(new Echo("anyone?"));

        var letter = Assert.Single(Letters());
        Assert.Equal(new Echo("anyone?"), letter.Message);
        Assert.Equal(actor, letter.Recipient);
        Assert.Equal(DeadLetterReason.RecipientTerminated, letter.Reason);
        Assert.Equal(1, _system.DeadLetters.Count);
        Assert.Contains(_logs.Entries, e => e.Message.Contains("Dead letter") && e.Message.Contains(nameof(Echo)));
    }

    [Fact]
    public async Task Ask_StoppedActor_FailsAtOnceWithDeadLetterException()
    {
        var actor = _system.ActorOf(Props.Create<EchoActor>(), "gone");
        await _system.StopAsync(actor);

        // Far longer than the test may take: the failure must come from the dead letter, not the timeout.
        var ex = await Assert.ThrowsAsync<DeadLetterException>(() => actor.Ask<Echo>(new Echo("x"), TimeSpan.FromMinutes(10)));

        Assert.Equal(DeadLetterReason.RecipientTerminated, ex.Letter.Reason);
        Assert.Contains(actor.Path.ToString(), ex.Message);
    }

    [Fact]
    public async Task Ask_UnhandledMessageType_FailsAtOnceAndIsDeadLetter()
    {
        var actor = _system.ActorOf(Props.Create<EchoActor>(), "echo");

        var ex = await Assert.ThrowsAsync<DeadLetterException>(() => actor.Ask<Echo>(Increment.Instance, TimeSpan.FromMinutes(10)));

        Assert.Equal(DeadLetterReason.Unhandled, ex.Letter.Reason);
        Assert.Contains(nameof(Increment), ex.Message);
        Assert.Contains(Letters(), l => l.Reason == DeadLetterReason.Unhandled && l.Message is Increment);
    }

    [Fact]
    public async Task Stop_MessagesStillQueued_BecomeDeadLetters()
    {
        var log = new LifecycleLog();
        var actor = _system.ActorOf(Props.Create(() => new CounterActor(log)), "busy");
        var gate = new TaskCompletionSource();
        actor.Tell(new CounterActor.Hold(gate.Task));
        actor.Tell(Increment.Instance);
        actor.Tell(Increment.Instance);

        var stopped = _system.StopAsync(actor);
        gate.SetResult();
        await stopped;

        Assert.Equal(2, Letters().Count(l => l.Message is Increment && l.Recipient.Equals(actor)));
    }

    [Fact]
    public async Task ReplyToNoSender_GoesToDeadLetters()
    {
        var echo = _system.ActorOf(Props.Create<EchoActor>(), "echo");
        var gone = new TaskCompletionSource<DeadLetter>(TaskCreationOptions.RunContinuationsAsynchronously);
        _system.DeadLetters.Received += l => gone.TrySetResult(l);

        echo.Tell(new Echo("to nobody"));
        var letter = await gone.Task.WaitAsync(TestProbe.Wait);

        Assert.Equal(new Echo("to nobody"), letter.Message);
        Assert.Equal(echo, letter.Sender);
    }
}

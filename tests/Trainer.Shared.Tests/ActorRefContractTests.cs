namespace Trainer.Shared.Tests;

/// <summary>
/// What every <see cref="IActorRef"/> must honour, whatever carries the messages: the
/// in-process ref today, a gRPC ref later (a new subclass that hosts the same actors remotely).
/// </summary>
public abstract class ActorRefContractTests : IAsyncLifetime
{
    /// <summary>A ref to a fresh actor made from <paramref name="props"/>, reached through the implementation under test.</summary>
    protected abstract IActorRef Spawn(Props props, string name);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public abstract Task DisposeAsync();

    [Fact]
    public async Task Tell_TenThousandMessages_ArriveInOrder()
    {
        var collector = Spawn(Props.Create<CollectorActor>(), "collector");
        for (var i = 0; i < 10_000; i++) collector.Tell(new Append(i));

        var collected = await collector.Ask<Collected>(GetCollected.Instance, TestProbe.Wait);

        Assert.Equal(Enumerable.Range(0, 10_000), collected.Values);
    }

    [Fact]
    public async Task Tell_FromSeveralThreads_EachSendersOrderKept()
    {
        var collector = Spawn(Props.Create<CollectorActor>(), "collector");
        const int senders = 4, each = 2_500;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < each; i++) collector.Tell(new Append(s * each + i));
        })));

        var values = (await collector.Ask<Collected>(GetCollected.Instance, TestProbe.Wait)).Values;

        Assert.Equal(senders * each, values.Count);
        for (var s = 0; s < senders; s++)
        {
            var fromSender = values.Where(v => v / each == s).ToList();
            Assert.Equal(Enumerable.Range(s * each, each), fromSender);
        }
    }

    [Fact]
    public async Task Ask_EchoActor_ReturnsReply()
    {
        var echo = Spawn(Props.Create<EchoActor>(), "echo");

        var reply = await echo.Ask<Echo>(new Echo("hello"), TestProbe.Wait);

        Assert.Equal("hello", reply.Text);
    }

    [Fact]
    public async Task Ask_NoReply_ThrowsAskTimeoutNamingActorAndMessage()
    {
        var silent = Spawn(Props.Create<SilentActor>(), "silent");

        var ex = await Assert.ThrowsAsync<AskTimeoutException>(
            () => silent.Ask<Echo>(new Echo("anyone?"), TimeSpan.FromMilliseconds(100)));

        Assert.Contains(silent.Path.ToString(), ex.Message);
        Assert.Contains(nameof(Echo), ex.Message);
        Assert.Equal(typeof(Echo), ex.MessageType);
    }

    [Fact]
    public async Task Ask_FailureReply_FaultsWithCause()
    {
        var echo = Spawn(Props.Create<EchoActor>(), "echo");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => echo.Ask<Echo>(new Boom("no such shard"), TestProbe.Wait));

        Assert.Equal("no such shard", ex.Message);
    }

    [Fact]
    public async Task Ask_ReplyOfOtherType_ThrowsInvalidCastNamingBothTypes()
    {
        var echo = Spawn(Props.Create<EchoActor>(), "echo");

        var ex = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<Collected>(new Echo("x"), TestProbe.Wait));

        Assert.Contains(nameof(Collected), ex.Message);
        Assert.Contains(nameof(Echo), ex.Message);
    }

    [Fact]
    public async Task Ask_TokenCancelled_ThrowsOperationCanceled()
    {
        var silent = Spawn(Props.Create<SilentActor>(), "silent");
        using var cts = new CancellationTokenSource();

        var ask = silent.Ask<Echo>(new Echo("x"), TestProbe.Wait, cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public async Task Ask_NonPositiveTimeout_ThrowsArgumentOutOfRange()
    {
        var echo = Spawn(Props.Create<EchoActor>(), "echo");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => echo.Ask<Echo>(new Echo("x"), TimeSpan.Zero));
    }

    [Fact]
    public void Tell_DisposableMessage_ThrowsNamingTheRule()
    {
        var echo = Spawn(Props.Create<EchoActor>(), "echo");
        using var disposable = new MemoryStream();

        var ex = Assert.Throws<ArgumentException>(() => echo.Tell(disposable));

        Assert.Contains("plain data", ex.Message);
    }

    [Fact]
    public void Tell_NullMessage_ThrowsArgumentNull()
    {
        var echo = Spawn(Props.Create<EchoActor>(), "echo");

        Assert.Throws<ArgumentNullException>(() => echo.Tell(null!));
    }
}

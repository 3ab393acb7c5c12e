using System.Threading.Channels;

namespace Trainer.Shared.Tests;

/// <summary>
/// A real actor that hands every message it receives to the test, which waits for them with a
/// generous timeout (never a sleep). The test side reads the channel; the actor side writes it.
/// </summary>
public sealed class TestProbe
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly Channel<object> _received = Channel.CreateUnbounded<object>();

    public TestProbe(ActorSystem system, string name = "probe")
    {
        Ref = system.ActorOf(Props.Create(() => new ProbeActor(_received.Writer)), name);
    }

    public IActorRef Ref { get; }

    /// <summary>The next message, which must be a <typeparamref name="T"/>.</summary>
    public async Task<T> ExpectAsync<T>()
    {
        using var cts = new CancellationTokenSource(Wait);
        object message;
        try
        {
            message = await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Probe got no {typeof(T).Name} within {Wait}.");
        }
        return Assert.IsType<T>(message);
    }

    /// <summary>
    /// Everything sent to the probe before this call, once it has passed through the probe's
    /// mailbox: a marker is sent and awaited, so messages still queued in the mailbox (not yet
    /// in the channel) are included. The marker itself is left out.
    /// </summary>
    public async Task<List<object>> DrainMailboxAsync()
    {
        var marker = new object();
        Ref.Tell(marker);
        var all = new List<object>();
        using var cts = new CancellationTokenSource(Wait);
        while (true)
        {
            var message = await _received.Reader.ReadAsync(cts.Token);
            if (ReferenceEquals(message, marker)) return all;
            all.Add(message);
        }
    }

    /// <summary>Everything received so far, without waiting.</summary>
    public List<object> Drain()
    {
        var all = new List<object>();
        while (_received.Reader.TryRead(out var m)) all.Add(m);
        return all;
    }

    private sealed class ProbeActor : ActorBase
    {
        public ProbeActor(ChannelWriter<object> sink) => ReceiveAny(m => sink.TryWrite(m));
    }
}

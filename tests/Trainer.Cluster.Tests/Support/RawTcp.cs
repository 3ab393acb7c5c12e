using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Trainer.Cluster.Tests.Support;

/// <summary>Bytes sent to a loopback port on a plain TCP connection, as an attacker without any credential would.</summary>
internal static class RawTcp
{
    /// <summary>
    /// Connects to <paramref name="port"/>, writes <paramref name="bytes"/> and reads what comes
    /// back until the server closes the connection (bounded): the reply, as text. A reset counts
    /// as closed. The caller asserts the server shut the door (<see cref="Reply.Closed"/>).
    /// </summary>
    public static Reply Send(int port, byte[] bytes, TimeSpan patience)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(IPAddress.Loopback, port);
        var received = new MemoryStream();
        try
        {
            socket.Send(bytes);
            socket.ReceiveTimeout = (int)patience.TotalMilliseconds;
            var buffer = new byte[4096];
            while (true)
            {
                var n = socket.Receive(buffer);
                if (n == 0) return new Reply(true, Encoding.Latin1.GetString(received.ToArray()));
                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
        {
            return new Reply(true, Encoding.Latin1.GetString(received.ToArray()));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return new Reply(false, Encoding.Latin1.GetString(received.ToArray()));
        }
    }

    /// <summary>Random bytes from a fixed seed, so a failure is reproducible.</summary>
    public static byte[] Garbage(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public sealed record Reply(bool Closed, string Text);
}

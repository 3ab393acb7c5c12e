using System.Net;
using System.Net.Sockets;

namespace Trainer.Cluster.Tests.Support;

/// <summary>Loopback ports for a coordinator: PORT (Akka.Remote) and PORT + 1 (gRPC), both free when asked.</summary>
internal static class FreePorts
{
    public static int Pair()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            if (port >= 65534) continue;
            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException) { } // the next one is taken: try another
        }
        throw new InvalidOperationException("no two consecutive free loopback ports in 50 tries");
    }
}

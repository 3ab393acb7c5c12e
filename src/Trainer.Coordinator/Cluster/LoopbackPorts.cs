using System.Net;
using System.Net.Sockets;

namespace Trainer.Coordinator.Cluster;

/// <summary>Loopback ports for a coordinator on one machine (the benchmark's, the tests'): PORT (Akka.Remote) and PORT + 1 (gRPC), both free when asked.</summary>
internal static class LoopbackPorts
{
    public static int FreePair()
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

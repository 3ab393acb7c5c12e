namespace Trainer.Cluster.Tests.Support;

/// <summary>Loopback ports for a coordinator: PORT (Akka.Remote) and PORT + 1 (gRPC), both free when asked.</summary>
internal static class FreePorts
{
    public static int Pair() => Trainer.Coordinator.Cluster.LoopbackPorts.FreePair();
}

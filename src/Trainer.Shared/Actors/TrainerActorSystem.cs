using Akka.Actor;
using Akka.Configuration;

namespace Trainer.Shared.Actors;

/// <summary>
/// The one place that holds Trainer's Akka configuration (HOCON, a comment per block) and makes
/// its actor systems.
/// </summary>
public static class TrainerActorSystem
{
    /// <summary>
    /// The dispatcher every device actor and the coordinator run on: one dedicated OS thread per
    /// actor. libtorch keeps grad mode, the OpenMP thread count and TorchSharp's dispose scopes per
    /// thread, so a replica is built, used and freed on one thread and never hops to the pool.
    /// </summary>
    public const string PinnedDispatcher = "trainer.pinned-dispatcher";

    private const string Hocon = """
        # Each actor created with this dispatcher gets a thread of its own (Akka's PinnedDispatcher).
        trainer.pinned-dispatcher {
          type = PinnedDispatcher
        }
        akka {
          # Failures reach the coordinator as messages and are reported by it; Akka's own log only
          # needs warnings and errors, on stdout.
          loglevel = WARNING
          stdout-loglevel = WARNING
          # A run that ends stops its device actors while late replies may still be on the way.
          log-dead-letters-during-shutdown = off
          log-dead-letters = 10
          actor {
            # Messages stay in process: strict serialization is for the cluster transport. Local
            # messages are never serialized (records of plain data, immutable by construction).
            serialize-messages = off
          }
          # The process decides when to exit; Akka must not call Environment.Exit on termination.
          coordinated-shutdown.exit-clr = off
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """;

    /// <summary>Trainer's configuration, for a caller that adds its own (tests, the cluster hosts).</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString(Hocon);

    /// <summary>A new actor system with Trainer's configuration.</summary>
    public static ActorSystem Create(string name) => ActorSystem.Create(name, Config);
}

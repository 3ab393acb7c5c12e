using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Trainer.Shared.Security;

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

    /// <summary>The actor system's name on every node of a cluster (it is part of every address).</summary>
    public const string ClusterSystemName = "trainer";

    /// <summary>The coordinator's role: the seed node, and the one member the Split Brain Resolver keeps.</summary>
    public const string CoordinatorRole = "coordinator";

    /// <summary>A worker's role: it hosts device actors and may come and go.</summary>
    public const string WorkerRole = "worker";

    // A cluster node: the embedded configuration above plus these blocks. {0} hostname, {1} port,
    // {2} role, {3} seed address, {4} on|off for TLS.
    private const string ClusterHocon = """
        akka {
          actor {
            provider = cluster
            # Strict serialization: only types with an explicit binding cross the wire. Control
            # messages are protobuf (Trainer.Shared.Wire, bound to Akka's protobuf serializer);
            # anything else (a record, a float[]) fails to send instead of falling back to JSON
            # of arbitrary types, which an attacker could use to make a node build any type.
            serialization-settings.allow-unregistered-types = false
          }
          remote.dot-netty.tcp {
            hostname = "{0}"
            port = {1}
            # Control messages only (tensors go over gRPC): Akka's 128 KB default frame is ample.
            maximum-frame-size = 128000b
            # TLS: the certificate and the pinned-thumbprint validator come in code
            # (DotNettySslSetup); a peer must present the cluster certificate (mutual TLS).
            enable-ssl = {4}
            ssl {
              suppress-validation = off
              require-mutual-authentication = on
              validate-certificate-hostname = off
            }
          }
          cluster {
            roles = ["{2}"]
            seed-nodes = ["{3}"]
            # keep-oldest counted over the coordinator role only: the coordinator's side always
            # wins, so it survives the loss of every worker (with the defaults it downed itself
            # when 2 of 3 members died; notes/akka.md section 2). If the coordinator is lost, the
            # workers down themselves and exit.
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver {
              active-strategy = keep-oldest
              keep-oldest {
                down-if-alone = off
                role = "coordinator" # CoordinatorRole
              }
              # Decide 3 s after the membership stops changing; never down everyone because
              # workers came and went meanwhile (nothing restarts the coordinator automatically).
              stable-after = 3s
              down-all-when-unstable = off
            }
            # Detection of a silent worker: unreachable within about 2-3 s (heartbeat 0.5 s, pause
            # 2 s), downed stable-after later, then its devices' work is redone on the others.
            failure-detector {
              heartbeat-interval = 500ms
              acceptable-heartbeat-pause = 2s
            }
            # A worker that cannot reach its seed gives up rather than retrying forever.
            shutdown-after-unsuccessful-join-seed-nodes = 60s
          }
        }
        """;

    /// <summary>The seed address of a coordinator listening on <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static string SeedAddress(string host, int port, bool tls) =>
        $"akka{(tls ? ".ssl" : "")}.tcp://{ClusterSystemName}@{host}:{port}";

    /// <summary>
    /// A cluster node on <paramref name="host"/>:<paramref name="port"/> (0: any free port) with
    /// <paramref name="role"/>, joining <paramref name="seed"/>. With a credential, Akka.Remote
    /// runs mutual TLS in which each side presents the cluster certificate and accepts only a
    /// peer presenting the same one (its thumbprint pinned, no CA). <paramref name="refused"/>
    /// hears of every peer refused at the TLS handshake (the remote address and why), so that the
    /// refusal is a clear line in the node's own log, not only a handshake error deep in Akka's.
    /// </summary>
    public static ActorSystem CreateClusterNode(string role, string host, int port, string seed, ClusterCredential? credential, Action<string>? refused = null)
    {
        var hocon = ClusterHocon.Replace("{0}", host).Replace("{1}", port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Replace("{2}", role).Replace("{3}", seed).Replace("{4}", credential is null ? "off" : "on");
        var config = ConfigurationFactory.ParseString(hocon).WithFallback(Config);
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        var setup = credential is null ? ActorSystemSetup.Create(bootstrap) : bootstrap.And(new DotNettySslSetup(credential.Certificate, suppressValidation: false, requireMutualAuthentication: true,
                validateCertificateHostname: false, PinnedPeer(credential, refused)));
        return ActorSystem.Create(ClusterSystemName, setup);
    }

    /// <summary>The pinned-certificate check (as Akka's PinnedCertificate), telling <paramref name="refused"/> whom it refused and why.</summary>
    private static CertificateValidationCallback PinnedPeer(ClusterCredential credential, Action<string>? refused) => (certificate, _, remotePeer, _, _) =>
    {
        if (credential.Refusal(certificate) is not { } why) return true;
        refused?.Invoke($"{remotePeer}: {why}");
        return false;
    };

    /// <summary>Trainer's configuration, for a caller that adds its own (tests, the cluster hosts).</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString(Hocon);

    /// <summary>A new actor system with Trainer's configuration.</summary>
    public static ActorSystem Create(string name) => ActorSystem.Create(name, Config);
}

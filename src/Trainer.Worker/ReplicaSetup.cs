using Trainer.Shared.Telemetry;

namespace Trainer.Worker;

/// <summary>
/// What every device needs to build and run its replica. The factories are called on the
/// device's own thread, so native state is made where it is used.
/// </summary>
/// <param name="OptimizerFactory">All-reduce mode only: each replica steps its own optimizer.</param>
/// <param name="Rendezvous">Where the replicas sum their gradients: all-reduce mode, and parameter-server mode on CPU replicas (its sharded master).</param>
public sealed record ReplicaSetup(
    Func<Model> ModelFactory,
    Func<Loss> LossFactory,
    IBatchSource Data,
    TraceRecorder Trace,
    Func<IEnumerable<Parameter>, Optimizer>? OptimizerFactory = null,
    GradientRendezvous? Rendezvous = null,
    FailureInjection? Failure = null);

namespace Trainer.Worker;

/// <summary>
/// Test hook: the device named <see cref="Device"/> throws when it works on step
/// <see cref="Step"/> (once), at <see cref="Point"/>, as a real device fault would (or, at
/// <see cref="FailurePoint.Drift"/>, corrupts its weights without a word), so that the
/// coordinator's recovery and checks are exercised with real replicas.
/// </summary>
public sealed record FailureInjection(string Device, long Step, FailurePoint Point = FailurePoint.Forward)
{
    internal bool Hits(string device, long step, FailurePoint point) => Device == device && Step == step && Point == point;
}

/// <summary>Where an injected fault strikes.</summary>
public enum FailurePoint
{
    /// <summary>Inside the forward pass: before the device contributes anything to the step.</summary>
    Forward,

    /// <summary>Rendezvous steps: after the gradients were summed and the update applied, before the replica answers.</summary>
    OptimizerStep,

    /// <summary>Parameter-server mode on CPU replicas: inside the replica's lanes of the master's optimizer step.</summary>
    MasterUpdate,

    /// <summary>
    /// All-reduce mode: no exception; right after its update the replica's first weight is
    /// nudged, as a silent fault (a flipped bit) would, so that the replicas no longer agree.
    /// </summary>
    Drift,
}

/// <summary>The fault <see cref="FailureInjection"/> raises.</summary>
public sealed class InjectedFailureException(string message) : Exception(message);

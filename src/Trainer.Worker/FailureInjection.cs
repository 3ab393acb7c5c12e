namespace Trainer.Worker;

/// <summary>
/// Test hook: the device named <see cref="Device"/> throws inside its forward pass when it
/// works on step <see cref="Step"/> (once), as a real device fault would, so that the
/// coordinator's recovery is exercised with real replicas.
/// </summary>
public sealed record FailureInjection(string Device, long Step);

/// <summary>The fault <see cref="FailureInjection"/> raises.</summary>
public sealed class InjectedFailureException(string message) : Exception(message);

namespace Trainer.Shared.Telemetry;

/// <summary>
/// This process's name in the cluster: HOST-PID. A worker joins under it, its devices' tracks
/// in trace.json and summary.json start with it, and its OpenTelemetry resource carries it as
/// service.instance.id, so the three can be matched.
/// </summary>
public static class NodeIdentity
{
    public static string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}";
}

using Trainer.Coordinator.Telemetry;

namespace Trainer.Coordinator.DataParallel;

/// <summary>
/// What a run on devices in other processes adds to its telemetry: their spans, which reach the
/// coordinator in batches and are brought into the run's trace once training is over, and
/// what only the cluster knows of each device (its tensor traffic, its clock correction).
/// </summary>
internal interface IRemoteTelemetry
{
    /// <summary>Brings every remote device's spans into the run's trace (bounded): called after the last step, before summary.json and trace.json are written.</summary>
    void Gather();

    /// <summary>The devices' timings with their traffic and clock correction; a remote device without spans gets an entry too.</summary>
    IReadOnlyList<DeviceTiming> Annotate(IReadOnlyList<DeviceTiming> timings);
}

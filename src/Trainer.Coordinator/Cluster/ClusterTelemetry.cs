using Trainer.Coordinator.DataParallel;
using Trainer.Coordinator.Telemetry;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// The cluster run's <see cref="IRemoteTelemetry"/>: gathers the workers' spans through the
/// <see cref="TelemetryActor"/> and adds to each remote device's summary its traffic
/// (<see cref="TransferLedger"/>) and its worker's clock correction.
/// </summary>
internal sealed class ClusterTelemetry(IActorRef collector, TransferLedger ledger, IReadOnlyList<(int Id, WorkerDirectory.Member Worker, int Local)> devices, Action<string> log)
    : IRemoteTelemetry
{
    /// <summary>How long the workers' last spans may take to arrive once asked for.</summary>
    internal static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private TelemetryGathered? gathered;

    public void Gather()
    {
        try
        {
            gathered = collector.Ask<TelemetryGathered>(new GatherTelemetry(Patience), Patience + TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
            if (gathered.NotFlushed.Count > 0)
                log($"the last spans of worker(s) {string.Join(", ", gathered.NotFlushed)} did not come within {Patience.TotalSeconds:0} s; trace.json lacks them");
        }
        catch (AskTimeoutException)
        {
            log("the workers' spans could not be gathered; trace.json has the coordinator's only");
        }
    }

    public IReadOnlyList<DeviceTiming> Annotate(IReadOnlyList<DeviceTiming> timings)
    {
        var byName = timings.ToDictionary(t => t.Device);
        foreach (var (id, worker, local) in devices)
        {
            var name = worker.DeviceName(local); // as its stand-in's spec and its trace track have it
            var timing = byName.GetValueOrDefault(name) ?? new DeviceTiming(name, new Dictionary<string, PhaseTiming>(), 0);
            byName[name] = timing with { Network = ledger.Of(id), Clock = gathered?.Clocks.GetValueOrDefault(worker.WorkerId) };
        }
        return byName.Values.OrderBy(t => t.Device == "coordinator" ? 1 : 0).ThenBy(t => t.Device, StringComparer.Ordinal).ToList();
    }
}

namespace Trainer.Coordinator.Bench;

/// <summary>
/// Several peer processes timed together as one configuration: every chunk is sent to all of
/// them before any answer is read, so they train it at the same time, and the chunk takes as
/// long as the slowest (each times itself from reading the step count to its last step, as
/// pytorch_scaling.py's independent workers do between their barriers). They never talk to
/// each other: this is the machine's ceiling for that many devices.
/// </summary>
public sealed class IndependentPeers : IScalingRunner
{
    private readonly IReadOnlyList<PeerProcess> peers;

    /// <summary>Takes ownership of <paramref name="peers"/>; waits until every one is warmed up (they warm up together).</summary>
    public IndependentPeers(IReadOnlyList<PeerProcess> peers, ScalingResult config)
    {
        if (peers.Count == 0) throw new ArgumentException("independent peers need at least one process");
        this.peers = peers;
        Config = config;
        try
        {
            foreach (var p in peers) p.WaitUntilReady();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public ScalingResult Config { get; }

    public double Run(int steps)
    {
        foreach (var p in peers) p.Send(steps);
        return peers.Max(p => p.Receive(steps));
    }

    public void Dispose()
    {
        foreach (var p in peers) p.Dispose();
    }
}

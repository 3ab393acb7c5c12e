namespace Trainer.Coordinator.Actors;

/// <summary>
/// The per-step device deadline: which device has kept the coordinator waiting too long for
/// work it was sent. A device that is alive and reachable but stuck (a hung kernel, a
/// deadlocked driver) still answers heartbeats, so only this can name it; PyTorch's and Ray's
/// collectives wait 30 minutes instead and then name nobody.
/// A device answers its work in order, so only its oldest unanswered piece is on the clock,
/// and the clock starts when the device could begin it: when the work was sent, or, if the
/// device was still busy with earlier work, when it answered that. Work sent ahead (the next
/// step, pipelined) therefore never counts the time it waits behind the step before.
/// Bookkeeping only, over times the caller passes in: tests drive it without actors or clocks.
/// </summary>
internal sealed class DeviceDeadlines
{
    private readonly Dictionary<int, Waiting> waiting = new();

    public DeviceDeadlines(TimeSpan deadline)
    {
        if (deadline <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(deadline), "the step deadline must be positive");
        Deadline = deadline;
    }

    public TimeSpan Deadline { get; }

    /// <summary>How often to ask <see cref="Overdue"/>: a device is named at most a quarter of the deadline late (and no more often than every 10 ms).</summary>
    public TimeSpan CheckEvery => TimeSpan.FromTicks(Math.Clamp(Deadline.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));

    /// <summary><paramref name="device"/> was sent work of <paramref name="step"/> (attempt <paramref name="attempt"/>; 0 where steps have none).</summary>
    public void Sent(int device, long step, int attempt, TimeSpan now)
    {
        if (!waiting.TryGetValue(device, out var w)) waiting[device] = w = new Waiting(now);
        else if (w.Work.Count == 0) w.Since = now;
        w.Work.Add((step, attempt));
    }

    /// <summary>
    /// <paramref name="device"/> answered its work of <paramref name="step"/>/<paramref name="attempt"/>
    /// (whether or not the coordinator still wants that answer: a late answer still shows the
    /// device is moving). The clock of its next piece of work starts now. An answer to work
    /// never recorded (or already answered) changes nothing.
    /// </summary>
    public void Answered(int device, long step, int attempt, TimeSpan now)
    {
        if (!waiting.TryGetValue(device, out var w)) return;
        var i = w.Work.IndexOf((step, attempt));
        if (i < 0) return;
        // Answers come in order: whatever was sent before this is behind the device too.
        w.Work.RemoveRange(0, i + 1);
        w.Since = now;
    }

    /// <summary>The device is out of the run: nothing it owes is waited for any more.</summary>
    public void Forget(int device) => waiting.Remove(device);

    /// <summary>The devices whose oldest unanswered work has waited longer than the deadline, with that work's step.</summary>
    public IReadOnlyList<OverdueDevice> Overdue(TimeSpan now)
    {
        List<OverdueDevice>? overdue = null;
        foreach (var (device, w) in waiting)
            if (w.Work.Count > 0 && now - w.Since > Deadline)
                (overdue ??= new()).Add(new OverdueDevice(device, w.Work[0].Step, w.Work[0].Attempt, now - w.Since));
        return overdue is null ? [] : overdue.OrderBy(o => o.Device).ToList();
    }

    /// <summary>A device that missed its deadline: the step (and attempt) it still owes and how long it has been waited for.</summary>
    internal readonly record struct OverdueDevice(int Device, long Step, int Attempt, TimeSpan Waited);

    private sealed class Waiting(TimeSpan since)
    {
        public TimeSpan Since { get; set; } = since;
        public List<(long Step, int Attempt)> Work { get; } = new();
    }
}

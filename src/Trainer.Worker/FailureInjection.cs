using System.Globalization;

namespace Trainer.Worker;

/// <summary>
/// Test hook: the device named <see cref="Device"/> throws when it works on step
/// <see cref="Step"/> (once), at <see cref="Point"/>, as a real device fault would (or, at
/// <see cref="FailurePoint.Drift"/>, corrupts its weights without a word; at
/// <see cref="FailurePoint.Hang"/>, stops answering without failing), so that the
/// coordinator's recovery and checks are exercised with real replicas.
/// </summary>
/// <param name="HangFor">At <see cref="FailurePoint.Hang"/>: how long the device blocks; null: until <see cref="Release"/>.</param>
public sealed record FailureInjection(string Device, long Step, FailurePoint Point = FailurePoint.Forward, TimeSpan? HangFor = null)
{
    // Set when the run that owns the hook ends: a device blocked in Hang is let go, so that its
    // thread (and the actor system waiting for it to stop) is not held past the run.
    private readonly ManualResetEventSlim released = new();

    internal bool Hits(string device, long step, FailurePoint point) => Device == device && Step == step && Point == point;

    /// <summary>Blocks the calling device's thread for <see cref="HangFor"/>, or until <see cref="Release"/>.</summary>
    public void Hang()
    {
        if (HangFor is TimeSpan span) released.Wait(span);
        else released.Wait();
    }

    /// <summary>Lets a device blocked in the hang go on (and any later one pass at once): the run is over.</summary>
    public void Release() => released.Set();

    /// <summary>
    /// Parses the test hook's command-line form <c>DEVICE:STEP:POINT[:SECONDS]</c>, e.g.
    /// <c>cpu:0:3:hang:5</c> (cpu:0 blocks in forward at step 3 for 5 s) or <c>cpu:1:2:forward</c>.
    /// The device name may itself hold a colon; STEP, POINT and SECONDS are read from the end.
    /// </summary>
    public static FailureInjection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var points = string.Join(", ", Enum.GetNames<FailurePoint>().Select(n => n.ToLowerInvariant()));
        var parts = text.Trim().Split(':');
        var at = IsPoint(parts[^1]) ? parts.Length - 1 : parts.Length >= 2 && IsPoint(parts[^2]) ? parts.Length - 2 : -1;
        if (at < 0) throw new ArgumentException($"--fail-at {text}: unknown point '{parts[^1]}' (expected {points}); the form is DEVICE:STEP:POINT[:SECONDS]");
        if (at < 2) throw new ArgumentException($"--fail-at {text}: a device and a step come before the point; the form is DEVICE:STEP:POINT[:SECONDS], e.g. cpu:0:3:hang");
        var point = Enum.Parse<FailurePoint>(parts[at], ignoreCase: true);
        TimeSpan? hangFor = null;
        if (at == parts.Length - 2)
        {
            if (point != FailurePoint.Hang) throw new ArgumentException($"--fail-at {text}: only a hang takes SECONDS");
            if (!double.TryParse(parts[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0) || seconds > 7 * 24 * 3600)
                throw new ArgumentException($"--fail-at {text}: the hang must last a positive number of seconds (at most a week), got '{parts[^1]}'");
            hangFor = TimeSpan.FromSeconds(seconds);
        }
        if (!long.TryParse(parts[at - 1], NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1)
            throw new ArgumentException($"--fail-at {text}: the step must be a whole number from 1, got '{parts[at - 1]}'");
        return new FailureInjection(string.Join(':', parts[..(at - 1)]), step, point, hangFor);
    }

    private static bool IsPoint(string token) =>
        Enum.TryParse<FailurePoint>(token, ignoreCase: true, out var point) && Enum.IsDefined(point) && !token.Any(char.IsDigit);
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

    /// <summary>
    /// Inside the forward pass: the device blocks (a stuck kernel, a deadlocked driver) for
    /// <see cref="FailureInjection.HangFor"/> or until released, then carries on as if nothing
    /// happened. Its process stays alive and reachable, so heartbeats still flow: only a
    /// per-step deadline can tell.
    /// </summary>
    Hang,
}

/// <summary>The fault <see cref="FailureInjection"/> raises.</summary>
public sealed class InjectedFailureException(string message) : Exception(message);

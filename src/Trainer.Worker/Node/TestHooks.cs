namespace Trainer.Worker.Node;

/// <summary>
/// Hooks the multi-process tests set through the environment of a `trainer worker` they start;
/// unset in real runs.
/// </summary>
public static class TestHooks
{
    /// <summary>
    /// Milliseconds each gradient upload waits before it starts. It paces a run without using
    /// the CPU (the machine's two cores are shared by every process of a test), so that a test's
    /// probes of the coordinator, or a SIGSTOP, land while the run is still training, with a
    /// shard under way.
    /// </summary>
    public const string UploadDelayVariable = "TRAINER_TEST_UPLOAD_DELAY_MS";

    /// <summary>The delay <see cref="UploadDelayVariable"/> asks for; zero when it is unset, and a clear error when it is not a number.</summary>
    public static TimeSpan UploadDelay()
    {
        var text = Environment.GetEnvironmentVariable(UploadDelayVariable);
        if (string.IsNullOrEmpty(text)) return TimeSpan.Zero;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) || ms > 60_000)
            throw new ArgumentException($"{UploadDelayVariable}={text}: expected milliseconds from 0 to 60000");
        return TimeSpan.FromMilliseconds(ms);
    }
}

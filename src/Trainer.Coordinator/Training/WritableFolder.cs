
namespace Trainer.Coordinator.Training;

/// <summary>
/// A run's output folder checked before the run: a folder that cannot be written must fail at
/// once, not after hours of training when the first file is written.
/// </summary>
internal static class WritableFolder
{
    /// <summary>Creates <paramref name="dir"/> if needed and writes and deletes a probe file in it; an <see cref="ArgumentException"/> names the option and the reason.</summary>
    internal static void Check(string dir, string option)
    {
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".trainer-write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ArgumentException($"{option} {dir} cannot be written: {e.Message}", e);
        }
    }
}

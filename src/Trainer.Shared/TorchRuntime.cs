using System.Runtime.InteropServices;
using TorchSharp;

namespace Trainer.Shared;

/// <summary>
/// Loads TorchSharp's native libraries once, up front, and turns a failure into one line that
/// names the cause. Without this a missing or unloadable libtorch surfaces at the first tensor as
/// a TypeInitializationException wrapping TorchSharp's multi-page probe log.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<string?> Failure = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Throws <see cref="TorchLoadException"/> unless libtorch and LibTorchSharp load.</summary>
    public static void EnsureLoaded()
    {
        if (Failure.Value is string why) throw new TorchLoadException(why);
    }

    private static string? TryLoad()
    {
        try
        {
            // The first call into torch runs its static constructor, which loads the natives.
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException or EntryPointNotFoundException or ExternalException)
        {
            return Cause(e);
        }
    }

    /// <summary>The most specific line of the failure: a loader's "not found" / "cannot open" line when there is one.</summary>
    internal static string Cause(Exception e)
    {
        var lines = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
            lines.AddRange(x.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var loader = lines.FirstOrDefault(l => l.Contains("GLIBCXX", StringComparison.Ordinal))
            ?? lines.FirstOrDefault(l => l.Contains("not found", StringComparison.Ordinal) || l.Contains("cannot open", StringComparison.Ordinal))
            ?? lines.LastOrDefault()
            ?? e.GetType().Name;
        return $"TorchSharp could not load libtorch: {loader}";
    }
}

/// <summary>libtorch or TorchSharp's native library did not load; the message is one line naming the cause.</summary>
public sealed class TorchLoadException(string message) : Exception(message);

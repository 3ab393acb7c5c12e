using Trainer.Coordinator.Cli;

namespace Trainer.Serialization.Tests;

/// <summary>What `trainer inspect PATH` printed and returned.</summary>
internal sealed record InspectResult(int ExitCode, string[] Stdout, string[] Stderr);

internal static class Inspect
{
    internal static InspectResult Run(string path)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = InspectCommand.Run(path, stdout, stderr);
        return new InspectResult(code, Lines(stdout), Lines(stderr));
    }

    /// <summary>Asserts a clean listing and returns its lines.</summary>
    internal static string[] Listing(string path)
    {
        var r = Run(path);
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {string.Join("\n", r.Stderr)}");
        Assert.Empty(r.Stderr);
        return r.Stdout;
    }

    /// <summary>
    /// Asserts exit code 1, nothing on stdout, and exactly one line on stderr of the form
    /// "trainer inspect: PATH: ..." that contains <paramref name="problem"/>; returns that line.
    /// </summary>
    internal static string Failure(string path, string problem)
    {
        var r = Run(path);
        Assert.Equal(1, r.ExitCode);
        Assert.Empty(r.Stdout);
        var line = Assert.Single(r.Stderr);
        Assert.StartsWith($"trainer inspect: {path}: ", line);
        Assert.Contains(problem, line);
        Assert.DoesNotContain("internal error", line);
        return line;
    }

    private static string[] Lines(StringWriter w) =>
        w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}

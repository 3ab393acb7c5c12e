using System.Diagnostics;

namespace Trainer.Package.Tests;

/// <summary>
/// Runs the dotnet CLI (or a program under it) as a user would: none of this test run's MSBuild or
/// loader variables, no NUGET_PACKAGES (the consumer's nuget.config names its packages folder), no
/// LD_LIBRARY_PATH or LD_PRELOAD. Every run is bounded: past its timeout the process tree is killed
/// and the test fails with the output so far.
/// </summary>
internal static class Dotnet
{
    public static string Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) psi.ArgumentList.Add(argument);
        foreach (var name in psi.Environment.Keys.ToList())
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name is "NUGET_PACKAGES" or "LD_LIBRARY_PATH" or "LD_PRELOAD")
                psi.Environment.Remove(name);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";

        string command = $"dotnet {string.Join(' ', arguments)}";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            throw new TimeoutException($"{command} ran past {timeout.TotalSeconds} s\n{Finished(stdout)}{Finished(stderr)}");
        }
        process.WaitForExit(); // lets the output readers finish
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} (in {workingDirectory}) exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result + stderr.Result;
    }

    private static string Finished(Task<string> output) => output.IsCompletedSuccessfully ? output.Result : "";
}

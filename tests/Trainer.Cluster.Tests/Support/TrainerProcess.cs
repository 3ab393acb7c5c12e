using System.Diagnostics;
using System.Text;

namespace Trainer.Cluster.Tests.Support;

/// <summary>
/// The built `trainer` (src/Trainer.Coordinator's trainer.dll) as a child process: its output
/// gathered line by line, every wait bounded, and the process tree killed on Dispose, so a
/// failing test leaves nothing running.
/// </summary>
internal sealed class TrainerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly string name;

    private TrainerProcess(string name, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? app = null)
    {
        this.name = name;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(app ?? TrainerDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_TieredCompilation"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static TrainerProcess Start(string name, params string[] args) => new(name, args);

    /// <summary>Starts it with <paramref name="environment"/> added to this process's (test hooks).</summary>
    public static TrainerProcess Start(string name, IReadOnlyDictionary<string, string> environment, params string[] args) => new(name, args, environment);

    /// <summary>The example FashionCnn (examples/FashionCnn: a user's own job over TrainerApp) with <paramref name="args"/>.</summary>
    public static TrainerProcess StartFashionCnn(string name, params string[] args) => new(name, args, app: FashionCnnDll);

    public bool HasExited => process.HasExited;

    /// <summary>
    /// Sends <paramref name="signal"/> (STOP, CONT) with kill(1): a process stopped this way
    /// neither dies nor answers, which Process.Kill cannot make.
    /// </summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        if (!kill.WaitForExit(10_000) || kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {process.Id} failed");
    }

    /// <summary>Everything it printed so far, each line prefixed with its name.</summary>
    public string Log { get { lock (log) return log.ToString(); } }

    public int ExitCode => process.ExitCode;

    /// <summary>The process id: part of a worker's id (HOST-PID), and so of its devices' names in the run.</summary>
    public int Id => process.Id;

    private void Append(string? line)
    {
        if (line is null) return;
        lock (log) log.Append(name).Append("| ").AppendLine(line);
    }

    /// <summary>Waits for the exit (bounded); false when it is still running.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout)) return false;
        process.WaitForExit(); // drains the output readers
        return true;
    }

    /// <summary>Waits (bounded) until a line containing <paramref name="text"/> appears; false on timeout or exit.</summary>
    public bool WaitForLine(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Log.Contains(text, StringComparison.Ordinal)) return true;
            if (process.HasExited) return Log.Contains(text, StringComparison.Ordinal);
            Thread.Sleep(50);
        }
        return false;
    }

    public void Kill()
    {
        try
        {
            if (process.HasExited) return;
            process.Kill(entireProcessTree: true); // SIGKILL ends a stopped process too
        }
        catch (InvalidOperationException) { } // already gone
        process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    /// <summary>src/Trainer.Coordinator/bin/CONFIG/net10.0/trainer.dll of this checkout, built with the tests.</summary>
    private static string TrainerDll { get; } = FindBuilt(Path.Combine("src", "Trainer.Coordinator"), "trainer.dll");

    private static string FashionCnnDll { get; } = FindBuilt(Path.Combine("examples", "FashionCnn"), "FashionCnn.dll");

    private static string FindBuilt(string project, string dll)
    {
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/CONFIG/net10.0/
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, project, "bin", config, "net10.0", dll);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{dll} not found above the test folder: build the solution first");
    }
}

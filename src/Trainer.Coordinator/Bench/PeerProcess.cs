using System.Diagnostics;
using System.Text.Json;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The benchmark's side of a peer running in a child process (pytorch_scaling.py --serve,
/// `trainer bench loop-peer`). The child builds its configuration and warms up, prints one JSON
/// line (<c>{"ready": true}</c>), then for each step count it reads on stdin trains that many
/// steps and answers <c>{"steps": n, "seconds": s}</c>, timed by itself; an empty line or the end
/// of its input ends it. Lines that are not JSON objects are skipped (a library's chatter).
/// </summary>
public sealed class PeerProcess : IScalingRunner
{
    /// <summary>The longest the child may take to warm up or to time one chunk before it is taken for hung.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(10);

    private readonly Process process;
    private readonly Task<string> stderr;
    private bool ready;
    private bool disposed;

    private PeerProcess(Process process, ScalingResult config, string name)
    {
        this.process = process;
        Config = config;
        Name = name;
        stderr = process.StandardError.ReadToEndAsync();
    }

    public ScalingResult Config { get; }

    /// <summary>What the child is, for messages: "pytorch_scaling.py --mode ddp --devices 2".</summary>
    public string Name { get; }

    /// <summary>Starts the child and returns at once; <see cref="WaitUntilReady"/> waits for its warm-up.</summary>
    public static PeerProcess Launch(ProcessStartInfo start, ScalingResult config, string name)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName} for {name}");
        return new PeerProcess(process, config, name);
    }

    /// <summary><see cref="Launch"/>, then <see cref="WaitUntilReady"/>; a child that fails to warm up is ended.</summary>
    public static PeerProcess Start(ProcessStartInfo start, ScalingResult config, string name)
    {
        var peer = Launch(start, config, name);
        try
        {
            peer.WaitUntilReady();
            return peer;
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the child's ready line; throws with its exit code and stderr if it ends first.</summary>
    public void WaitUntilReady()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (ready) return;
        ReadyLine = Answer("warming up");
        ready = true;
    }

    /// <summary>The child's ready line, which may say more about it (pytorch_scaling.py names its BLAS); undefined until ready.</summary>
    public JsonElement ReadyLine { get; private set; }

    public double Run(int steps)
    {
        Send(steps);
        return Receive(steps);
    }

    /// <summary>Asks for the next <paramref name="steps"/> steps without waiting, so that several children can be started on a chunk together.</summary>
    public void Send(int steps)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!ready) throw new InvalidOperationException($"{Name} is not warmed up yet");
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), $"a chunk needs at least one step, got {steps}");
        try
        {
            process.StandardInput.WriteLine(steps);
            process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // Its end of the pipe is closed: it has ended. Receive says how.
        }
    }

    /// <summary>The seconds the child took for the chunk of <paramref name="steps"/> sent last.</summary>
    public double Receive(int steps)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var answer = Answer($"timing {steps} steps");
        if (!answer.TryGetProperty("seconds", out var seconds) || seconds.ValueKind != JsonValueKind.Number || !(seconds.GetDouble() > 0))
            throw new InvalidDataException($"{Name} answered '{answer}' to a chunk of {steps} steps, expected {{\"steps\": {steps}, \"seconds\": s}} with s > 0");
        return seconds.GetDouble();
    }

    /// <summary>The child's next JSON line, or an error naming its exit code and what it wrote to stderr.</summary>
    private JsonElement Answer(string doing)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var read = process.StandardOutput.ReadLineAsync();
            // A kernel wait, not Task.Wait: that spins first, on the cores the child computes on.
            var left = AnswerTimeout - deadline.Elapsed;
            if (!read.IsCompleted && (left <= TimeSpan.Zero || !((IAsyncResult)read).AsyncWaitHandle.WaitOne(left)))
            {
                Kill();
                throw new InvalidOperationException($"{Name} gave no answer within {AnswerTimeout.TotalMinutes:0} minutes while {doing}; it was killed");
            }
            if (read.Result is not { } line) break;
            if (!line.StartsWith('{')) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{Name} wrote '{line}' while {doing}: {e.Message}");
            }
        }
        if (!process.WaitForExit(TimeSpan.FromSeconds(20))) Kill();
        var why = stderr.Wait(TimeSpan.FromSeconds(5)) ? stderr.Result.Trim() : "";
        throw new InvalidOperationException($"{Name} exited with {(process.HasExited ? process.ExitCode : "no code")} while {doing}: "
            + (why.Length > 0 ? why : "(nothing on stderr)"));
    }

    private void Kill()
    {
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // it ended on its own meanwhile
        process.WaitForExit(TimeSpan.FromSeconds(20));
    }

    /// <summary>Ends the session: an empty line stops the child; one that does not stop within 20 s is killed.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        try
        {
            if (!process.HasExited)
            {
                process.StandardInput.WriteLine();
                process.StandardInput.Close();
            }
        }
        catch (IOException)
        {
            // It is gone already.
        }
        if (!process.WaitForExit(TimeSpan.FromSeconds(20))) Kill();
        process.Dispose();
    }
}

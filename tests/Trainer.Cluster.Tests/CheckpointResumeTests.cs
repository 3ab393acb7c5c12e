using System.Text.Json;
using Trainer.Cluster.Tests.Support;
using Trainer.Coordinator.Checkpoints;

namespace Trainer.Cluster.Tests;

/// <summary>
/// Checkpoints and --resume across a killed process: `trainer train` SIGKILLed after its first
/// checkpoint, and a `trainer coordinator` SIGKILLed after its first one while two worker
/// processes keep trying to rejoin. Each resumed run ends with the uninterrupted run's model
/// (1e-4) and counts every step once.
/// </summary>
[Collection(ClusterProcesses.Name)]
public sealed class CheckpointResumeTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-resume-").FullName;
    // 2048 images in batches of 32, 2 epochs: 128 steps; a checkpoint every 16.
    private static readonly string[] Training = ["--epochs", "2", "--batch-size", "32", "--hidden", "16", "--seed", "7", "--lr", "0.05"];
    // After each checkpoint the run sleeps (a test hook), so the kill lands while a checkpoint exists and the run is not over.
    private static readonly Dictionary<string, string> SlowCheckpoints = new() { [RunCheckpointer.TestPauseVariable] = "4000" };

    private string Data => SmallFashionMnist.Write(Path.Combine(dir, "data"), train: 2048, test: 64);

    private string Checkpoints => Path.Combine(dir, "checkpoints");

    [Fact]
    public void Train_KilledAfterACheckpointThenResumed_ModelEqualsUninterruptedRunAndStepsCountedOnce()
    {
        var data = Data;
        string[] checkpointing = ["--checkpoint-dir", Checkpoints, "--checkpoint-every", "16"];
        using (var killed = TrainerProcess.Start("killed", SlowCheckpoints, ["train", "--devices", "cpu:0,cpu:1", "--data", data, "--out", Path.Combine(dir, "killed"), .. checkpointing, .. Training]))
        {
            Assert.True(killed.WaitForLine("checkpoint ", Patience), killed.Log);
            killed.Kill();
            Assert.False(File.Exists(Path.Combine(dir, "killed", "model.pt")), "the killed run finished: " + killed.Log);
        }
        Assert.Equal(16, CheckpointReader.Newest(Checkpoints, _ => { }).Progress.StepsApplied);

        using var resumed = TrainerProcess.Start("resumed", ["train", "--devices", "cpu:0,cpu:1", "--data", data, "--out", Path.Combine(dir, "resumed"), "--resume", Checkpoints, .. checkpointing, .. Training]);
        using var full = TrainerProcess.Start("full", ["train", "--devices", "cpu:0,cpu:1", "--data", data, "--out", Path.Combine(dir, "full"), .. Training]);
        Assert.True(resumed.WaitForExit(Patience) && resumed.ExitCode == 0, resumed.Log);
        Assert.True(full.WaitForExit(Patience) && full.ExitCode == 0, full.Log);

        Assert.Contains("resumed from", resumed.Log);
        AssertSteps(Path.Combine(dir, "resumed"), resumedFrom: 16);
        ModelFiles.AssertEqual(Path.Combine(dir, "full", "model.pt"), Path.Combine(dir, "resumed", "model.pt"), 1e-4f);
    }

    [Fact]
    public void Coordinator_KilledAfterACheckpointThenResumedOnTheSamePort_WorkersRejoinAndModelEqualsUninterruptedRun()
    {
        var data = Data;
        var port = FreePorts.Pair();
        string[] coordinator = ["coordinator", "--listen", $"127.0.0.1:{port}", "--insecure", "--min-workers", "2", "--worker-timeout", "60", "--data", data,
            "--checkpoint-dir", Checkpoints, "--checkpoint-every", "16", .. Training];
        using var first = TrainerProcess.Start("coordinator", SlowCheckpoints, [.. coordinator, "--out", Path.Combine(dir, "killed")]);
        Assert.True(first.WaitForLine("waiting for", Patience), first.Log);
        using var a = TrainerProcess.Start("worker-a", ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, .. JobArgs.Of(Training)]);
        using var b = TrainerProcess.Start("worker-b", ["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--data", data, .. JobArgs.Of(Training)]);
        Assert.True(first.WaitForLine("checkpoint ", Patience), first.Log + a.Log + b.Log);
        first.Kill(); // SIGKILL: no leave, no JobDone

        using var second = TrainerProcess.Start("resumed", [.. coordinator, "--resume", Checkpoints, "--out", Path.Combine(dir, "cluster")]);
        var log = () => first.Log + second.Log + a.Log + b.Log;
        Assert.True(second.WaitForExit(Patience), log());
        Assert.True(second.ExitCode == 0, log());
        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(30)) && a.ExitCode == 0, log());
        Assert.True(b.WaitForExit(TimeSpan.FromSeconds(30)) && b.ExitCode == 0, log());
        Assert.Contains("to join again as a new member", a.Log);
        Assert.Contains("to join again as a new member", b.Log);

        using var full = TrainerProcess.Start("full", ["train", "--devices", "cpu:0,cpu:1", "--data", data, "--out", Path.Combine(dir, "full"), .. Training]);
        Assert.True(full.WaitForExit(Patience) && full.ExitCode == 0, full.Log);
        AssertSteps(Path.Combine(dir, "cluster"), resumedFrom: 16);
        ModelFiles.AssertEqual(Path.Combine(dir, "full", "model.pt"), Path.Combine(dir, "cluster", "model.pt"), 1e-4f);
    }

    private static void AssertSteps(string run, long resumedFrom)
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        Assert.Equal(128, summary.RootElement.GetProperty("steps_applied").GetInt64());
        Assert.Equal(resumedFrom, summary.RootElement.GetProperty("resumed_from_step").GetInt64());
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

using Trainer.Cluster.Tests.Support;

namespace Trainer.Cluster.Tests;

/// <summary>A worker told to join a host that does not resolve says so once, a line per retry, and exits 1: no Akka warnings with stack traces on every attempt.</summary>
[Collection(ClusterProcesses.Name)]
public sealed class WorkerJoinHostTests
{
    [Fact]
    public void Worker_JoinHostDoesNotResolve_SaidOnceThenOneLinePerRetryAndExitOne()
    {
        using var worker = TrainerProcess.Start("worker", "worker", "--join", "nohost.invalid:1", "--insecure");
        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(90)), worker.Log);
        Assert.Equal(1, worker.ExitCode);
        var lines = worker.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.Contains("the host 'nohost.invalid' does not resolve") && l.Contains("trying again"));
        Assert.Equal(3, lines.Count(l => l.Contains("still does not resolve")));
        Assert.Single(lines, l => l.Contains("gave up after 5 attempts"));
        Assert.DoesNotContain("WARNING", worker.Log);
        Assert.True(lines.Length <= 6, worker.Log);
    }
}

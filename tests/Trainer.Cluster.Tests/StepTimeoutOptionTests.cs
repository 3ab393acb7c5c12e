using Trainer.Cluster.Tests.Support;
using Trainer.Coordinator.Training;

namespace Trainer.Cluster.Tests;

/// <summary>`--step-timeout` and the worker's hidden `--fail-at` test hook: bad values are refused naming the option, and the hook stays out of the help.</summary>
[Collection(ClusterProcesses.Name)]
public sealed class StepTimeoutOptionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(1e9)]
    public void Validate_StepTimeoutOutOfRange_RefusedNamingTheOption(double seconds)
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainOptions(StepTimeout: seconds).Validate());
        Assert.Contains("--step-timeout must be a number of seconds from 0 (no deadline)", e.Message);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(2.5, 2.5)]
    public void StepDeadline_Seconds_ZeroMeansNone(double seconds, double? expected)
    {
        Assert.Equal(expected is double s ? TimeSpan.FromSeconds(s) : null, new TrainOptions(StepTimeout: seconds).StepDeadline);
    }

    [Theory]
    [InlineData("cpu:9:3:hang", "--fail-at cpu:9:3:hang: cpu:9 is not one of this worker's devices (cpu:0)")]
    [InlineData("cpu:0:3:sleep", "unknown point 'sleep'")]
    public void Worker_FailAtMalformedOrForeignDevice_RefusesToStartAndSaysWhy(string failAt, string why)
    {
        using var p = TrainerProcess.Start("worker", "worker", "--join", "127.0.0.1:1", "--insecure", "--fail-at", failAt);
        Assert.True(p.WaitForExit(Patience), p.Log);
        Assert.Equal(1, p.ExitCode);
        Assert.Contains(why, p.Log);
    }

    [Fact]
    public void WorkerHelp_TestHook_NotListed()
    {
        using var p = TrainerProcess.Start("help", "worker", "--help");
        Assert.True(p.WaitForExit(Patience), p.Log);
        Assert.Contains("--join", p.Log);
        Assert.DoesNotContain("--fail-at", p.Log);
    }
}

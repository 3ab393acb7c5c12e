using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

/// <summary>The test hook's command-line form (`trainer worker --fail-at`), and its hang.</summary>
public class FailureInjectionTests
{
    [Theory]
    [InlineData("cpu:0:3:hang", "cpu:0", 3L, FailurePoint.Hang, null)]
    [InlineData("cpu:0:3:hang:2.5", "cpu:0", 3L, FailurePoint.Hang, 2.5)]
    [InlineData("cpu:1:7:forward", "cpu:1", 7L, FailurePoint.Forward, null)]
    [InlineData("cpu:12:Forward", "cpu", 12L, FailurePoint.Forward, null)]
    public void Parse_WellFormed_Fields(string text, string device, long step, FailurePoint point, double? seconds)
    {
        var f = FailureInjection.Parse(text);
        Assert.Equal((device, step, point), (f.Device, f.Step, f.Point));
        Assert.Equal(seconds is double s ? TimeSpan.FromSeconds(s) : null, f.HangFor);
    }

    [Theory]
    [InlineData("cpu:0", "the form is DEVICE:STEP:POINT[:SECONDS]")]
    [InlineData("cpu:0:x:hang", "the step must be a whole number")]
    [InlineData("cpu:0:0:hang", "the step must be a whole number")]
    [InlineData("cpu:0:3:sleep", "unknown point 'sleep'")]
    [InlineData("cpu:0:3:1", "unknown point '1'")]
    [InlineData("cpu:0:3:forward:2", "only a hang takes SECONDS")]
    [InlineData("cpu:0:3:hang:-1", "positive number of seconds")]
    public void Parse_Malformed_ClearError(string text, string why)
    {
        var e = Assert.Throws<ArgumentException>(() => FailureInjection.Parse(text));
        Assert.Contains(why, e.Message);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public async Task Release_HangWithoutEnd_LetsTheDeviceGo()
    {
        var f = new FailureInjection("cpu:0", 1, FailurePoint.Hang);
        var hung = Task.Run(f.Hang);
        Assert.NotSame(hung, await Task.WhenAny(hung, Task.Delay(200)));
        f.Release();
        Assert.Same(hung, await Task.WhenAny(hung, Task.Delay(TimeSpan.FromSeconds(10))));
    }
}

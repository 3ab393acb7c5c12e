using Trainer.Coordinator.Actors;

namespace Trainer.DataParallel.Tests;

/// <summary>The step deadline's bookkeeping, driven with made-up times: who is overdue, and from when each clock runs.</summary>
public class DeviceDeadlinesTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static TimeSpan At(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Overdue_WorkUnansweredPastTheDeadline_NamesTheDeviceAndItsStep()
    {
        var d = new DeviceDeadlines(Deadline);
        d.Sent(0, step: 4, attempt: 0, At(0));
        d.Sent(1, step: 4, attempt: 0, At(0));
        d.Answered(0, 4, 0, At(3));

        Assert.Empty(d.Overdue(At(10)));
        var late = Assert.Single(d.Overdue(At(10.5)));
        Assert.Equal((1, 4L, 0), (late.Device, late.Step, late.Attempt));
        Assert.Equal(At(10.5), late.Waited);
    }

    [Fact]
    public void Overdue_WorkSentAheadWhileBusy_ClockStartsWhenTheEarlierWorkIsAnswered()
    {
        // Step 5 waits in the mailbox behind step 4: its time there is not the device's fault.
        var d = new DeviceDeadlines(Deadline);
        d.Sent(0, 4, 0, At(0));
        d.Sent(0, 5, 0, At(0.1));
        d.Answered(0, 4, 0, At(8));

        Assert.Empty(d.Overdue(At(17)));
        var late = Assert.Single(d.Overdue(At(18.5)));
        Assert.Equal(5, late.Step);
        Assert.Equal(At(10.5), late.Waited);
    }

    [Fact]
    public void Answered_LaterWork_EarlierWorkCountsAsAnsweredToo()
    {
        // Answers come in order: one for step 5 means the device is past step 4 as well.
        var d = new DeviceDeadlines(Deadline);
        d.Sent(0, 4, 0, At(0));
        d.Sent(0, 5, 0, At(0));
        d.Answered(0, 5, 0, At(1));

        Assert.Empty(d.Overdue(At(100)));
    }

    [Fact]
    public void Answered_AnotherAttemptOfTheStep_OnlyThatAttemptIsAnswered()
    {
        var d = new DeviceDeadlines(Deadline);
        d.Sent(0, 4, 0, At(0));
        d.Answered(0, 4, 0, At(1));
        d.Sent(0, 4, 1, At(2));
        d.Answered(0, 4, 0, At(3)); // a duplicate of the old attempt's answer: not the new one's

        var late = Assert.Single(d.Overdue(At(12.5)));
        Assert.Equal((4L, 1), (late.Step, late.Attempt));
    }

    [Fact]
    public void Sent_AfterIdle_ClockStartsAtTheSend()
    {
        var d = new DeviceDeadlines(Deadline);
        d.Sent(0, 1, 0, At(0));
        d.Answered(0, 1, 0, At(1));
        d.Sent(0, 2, 0, At(50));

        Assert.Empty(d.Overdue(At(59)));
        Assert.Single(d.Overdue(At(61)));
    }

    [Fact]
    public void Forget_DeviceOutOfTheRun_NeverOverdue()
    {
        var d = new DeviceDeadlines(Deadline);
        d.Sent(2, 1, 0, At(0));
        d.Forget(2);
        d.Answered(2, 1, 0, At(1)); // its late answer changes nothing

        Assert.Empty(d.Overdue(At(100)));
    }

    [Theory]
    [InlineData(0.02, 10)]
    [InlineData(1, 250)]
    [InlineData(300, 1000)]
    public void CheckEvery_QuarterOfTheDeadlineWithinBounds(double deadlineSeconds, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), new DeviceDeadlines(TimeSpan.FromSeconds(deadlineSeconds)).CheckEvery);
    }

    [Fact]
    public void Constructor_DeadlineNotPositive_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeviceDeadlines(TimeSpan.Zero));
    }
}

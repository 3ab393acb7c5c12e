using Trainer.Coordinator.Telemetry;
using Trainer.Shared.Telemetry;

namespace Trainer.Telemetry.Tests.Figures;

public class FigureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trainer-figures-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Without the font every figure still renders, with no text: scripts/setup.sh installs it.</summary>
    [Fact]
    public void Figure_Font_InstalledForText() =>
        Assert.True(Figure.FontInstalled, $"no \"{Figure.FontFamily}\" under /usr/share/fonts: run scripts/setup.sh (fonts-dejavu-core)");

    [Fact]
    public void RunCurves_Write_LossAndAccuracyPanelsSideBySide()
    {
        var path = Path.Combine(_dir, "curves.png");
        RunCurves.Write(path, [new(1, 0.62, 0.78, 0.81, 0.55), new(2, 0.45, 0.84, 0.83, 0.48), new(3, 0.40, 0.86, 0.84, 0.47)]);
        Assert.Equal((2 * 560, 400), ImageFiles.AssertPng(path));
    }

    [Fact]
    public void RunCurves_Write_RegressionJobLossAloneWithoutTestFigures()
    {
        var path = Path.Combine(_dir, "curves.png");
        RunCurves.Write(path, [new(1, 12.5), new(2, 7.25)]);
        Assert.Equal((560, 400), ImageFiles.AssertPng(path));
    }

    [Fact]
    public void RunCurves_Write_OneEpochTrainAccuracyOnly_AndAsSvg()
    {
        var path = Path.Combine(_dir, "curves.svg");
        RunCurves.Write(path, [new(1, 0.62, TrainAccuracy: 0.78)]);
        ImageFiles.AssertSvg(path);
    }

    [Fact]
    public void RunCurves_Write_NoEpochs_Refused() =>
        Assert.Throws<ArgumentException>(() => RunCurves.Write(Path.Combine(_dir, "curves.png"), []));

    [Fact]
    public void StepTimeline_Write_RowPerTrackOfTheChosenSteps()
    {
        var trace = Path.Combine(_dir, "trace.json");
        ChromeTrace.Write(trace, ParameterServerSteps(steps: 9));
        var png = Path.Combine(_dir, "timeline.png");

        // Nine steps: the three around the median (step 5).
        Assert.Equal((4L, 6L), StepTimeline.Write(trace, png));
        // A row per track (coordinator, cpu:0, cpu:1) of 60 px under 150 px of title, axis and legend.
        Assert.Equal((1100, 150 + 3 * 60), ImageFiles.AssertPng(png));

        var svg = Path.Combine(_dir, "timeline.svg");
        Assert.Equal((1L, 2L), StepTimeline.Write(trace, svg, steps: 2, firstStep: 1));
        ImageFiles.AssertSvg(svg);
        Assert.Throws<ArgumentException>(() => StepTimeline.Write(trace, png, firstStep: 50));
    }

    [Fact]
    public void StepTimeline_Read_TracksInTraceOrderAndEverySpan()
    {
        var trace = Path.Combine(_dir, "trace.json");
        var spans = ParameterServerSteps(steps: 2);
        ChromeTrace.Write(trace, spans);
        var (tracks, read) = StepTimeline.Read(trace);
        Assert.Equal(new[] { "coordinator", "cpu:0", "cpu:1" }, tracks);
        Assert.Equal(spans.OrderBy(s => s.StartUs).ThenBy(s => s.Track).Select(s => (s.Track, s.Phase, s.Step)),
            read.OrderBy(s => s.StartUs).ThenBy(s => s.Track).Select(s => (s.Track, s.Phase, s.Step)));
    }

    /// <summary>What a two-device parameter-server run traces per step, in 10 ms steps.</summary>
    private static List<SpanRecord> ParameterServerSteps(int steps)
    {
        var spans = new List<SpanRecord>();
        for (var step = 1; step <= steps; step++)
        {
            var t = (step - 1) * 10_000.0;
            spans.Add(new("coordinator", Phase.Step, step, t, 9_500));
            spans.Add(new("coordinator", Phase.Shard, step, t, 300));
            spans.Add(new("coordinator", Phase.Aggregate, step, t + 7_000, 800));
            spans.Add(new("coordinator", Phase.OptimizerStep, step, t + 7_800, 900));
            spans.Add(new("coordinator", Phase.Broadcast, step, t + 8_700, 800));
            foreach (var (device, skew) in new[] { ("cpu:0", 0.0), ("cpu:1", 400.0) })
            {
                spans.Add(new(device, Phase.CopyToDevice, step, t + 300, 200));
                spans.Add(new(device, Phase.Forward, step, t + 500, 2_000 + skew));
                spans.Add(new(device, Phase.Backward, step, t + 2_500 + skew, 3_800));
                spans.Add(new(device, Phase.GradientCollect, step, t + 6_300 + skew, 300));
                spans.Add(new(device, Phase.Idle, step, t + 6_600 + skew, 2_900 - skew));
            }
        }
        return spans;
    }
}

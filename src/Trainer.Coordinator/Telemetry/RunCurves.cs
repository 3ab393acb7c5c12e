using ScottPlot;

namespace Trainer.Coordinator.Telemetry;

/// <summary>
/// DIR/curves.png: a run's loss per epoch (train, and test where measured) and, beside it where
/// the job has one, its accuracy (train and test). A regression job's figure is the loss alone.
/// </summary>
internal static class RunCurves
{
    private const int PanelWidth = 560, Height = 400;
    private static readonly Color Train = Color.FromHex("#1f77b4"), Test = Color.FromHex("#d62728");

    /// <summary>Writes the figure to <paramref name="path"/> (.png, or .svg).</summary>
    public static void Write(string path, IReadOnlyList<EpochPoint> epochs)
    {
        if (epochs.Count == 0) throw new ArgumentException("no epochs to plot", nameof(epochs));
        var panels = new List<Plot> { Panel("loss", "loss", Alignment.UpperRight, epochs, e => e.Loss, e => e.TestLoss) };
        if (epochs.Any(e => e.TrainAccuracy is not null || e.TestAccuracy is not null))
            panels.Add(Panel("accuracy", "accuracy (%)", Alignment.LowerRight, epochs, e => e.TrainAccuracy * 100, e => e.TestAccuracy * 100));
        Figure.Save(Figure.Combine(panels, new ScottPlot.MultiplotLayouts.Columns()), path, PanelWidth * panels.Count, Height);
    }

    private static Plot Panel(string title, string yLabel, Alignment legend, IReadOnlyList<EpochPoint> epochs, Func<EpochPoint, double?> train, Func<EpochPoint, double?> test)
    {
        var plot = Figure.Style(new Plot());
        Curve(plot, "train", Train, epochs, train);
        Curve(plot, "test", Test, epochs, test);
        plot.Title(title, size: 14);
        plot.XLabel("epoch", size: 12);
        plot.YLabel(yLabel, size: 12);
        // Whole epochs only, even for a run of one or two.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (epochs.Count == 1) plot.Axes.SetLimitsX(epochs[0].Epoch - 1, epochs[0].Epoch + 1);
        // Loss falls and accuracy rises: each legend in the corner its curves leave free.
        plot.ShowLegend(legend);
        return plot;
    }

    /// <summary>The epochs that have the figure, as a line with a marker per epoch (none: no line).</summary>
    private static void Curve(Plot plot, string name, Color colour, IReadOnlyList<EpochPoint> epochs, Func<EpochPoint, double?> value)
    {
        var points = epochs.Where(e => value(e) is not null).ToList();
        if (points.Count == 0) return;
        var line = plot.Add.Scatter(points.Select(e => (double)e.Epoch).ToArray(), points.Select(e => value(e)!.Value).ToArray(), colour);
        line.LegendText = name;
        line.LineWidth = 2;
        line.MarkerSize = 6;
    }
}

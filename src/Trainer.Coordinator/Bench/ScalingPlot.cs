using System.Globalization;
using ScottPlot;
using Trainer.Coordinator.Telemetry;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// DIR/scaling.png and DIR/scaling.svg (ScottPlot): one panel per cell ("hidden 256, batch 256", or a job's "fashion-cnn, batch 256"), each with
/// its own scale (the cells differ by 10×), and in it one horizontal bar per configuration
/// ("trainer ps ×2"), coloured by system and mode alike in every panel, labelled with its
/// samples/s and, where the cell has it, the speed-up over the same system's one-device run
/// (<see cref="ScalingTable.Baseline"/>, the table's figure).
/// </summary>
public static class ScalingPlot
{
    private const int PanelWidth = 640, Columns = 2, RowHeight = 26, PanelChrome = 90;

    // One colour per system and mode, in the order of ScalingSystems' rows.
    private static readonly Dictionary<string, Color> Palette = new()
    {
        ["trainer ps"] = Color.FromHex("#1f77b4"),
        ["trainer allreduce"] = Color.FromHex("#6baed6"),
        ["trainer-cluster ps"] = Color.FromHex("#9467bd"),
        ["torchsharp loop"] = Color.FromHex("#2ca02c"),
        ["pytorch threads"] = Color.FromHex("#d62728"),
        ["pytorch ddp"] = Color.FromHex("#ff9896"),
        ["ceiling pytorch"] = Color.FromHex("#7f7f7f"),
        ["ceiling torchsharp"] = Color.FromHex("#bcbd22"),
    };
    private static readonly Color Other = Color.FromHex("#8c564b");

    /// <summary>Writes <paramref name="pngPath"/> and, given, <paramref name="svgPath"/>: the same figure.</summary>
    public static void Write(string pngPath, string? svgPath, IReadOnlyList<ScalingResult> results)
    {
        var (plots, width, height) = Render(results);
        Figure.Save(plots, pngPath, width, height);
        if (svgPath is not null) Figure.Save(plots, svgPath, width, height);
    }

    /// <summary>The panels, and the figure's size in pixels.</summary>
    internal static (Multiplot Plots, int Width, int Height) Render(IReadOnlyList<ScalingResult> results)
    {
        var cells = ScalingTable.Cells(results).ToList();
        if (cells.Count == 0) throw new ArgumentException("no results to plot", nameof(results));
        var columns = Math.Min(Columns, cells.Count);
        var rows = (cells.Count + columns - 1) / columns;
        var panelHeight = PanelChrome + RowHeight * cells.Max(c => c.Count);
        var plots = Figure.Combine(cells.Select(Panel).ToList(), new ScottPlot.MultiplotLayouts.Grid(rows, columns));
        return (plots, columns * PanelWidth, rows * panelHeight);
    }

    private static Plot Panel(IReadOnlyList<ScalingResult> cell)
    {
        var plot = Figure.Style(new Plot());
        // The first configuration on top, as in the printed table.
        var bars = cell.Select((r, i) => new Bar
        {
            Position = cell.Count - 1 - i,
            Value = r.SamplesPerSec,
            FillColor = Palette.GetValueOrDefault($"{r.System} {r.Mode}", Other),
            LineWidth = 0,
            Label = Label(cell, r),
            Orientation = Orientation.Horizontal,
        }).ToList();
        var bar = plot.Add.Bars(bars);
        bar.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            bars.Select(b => b.Position).ToArray(), cell.Select(r => r.Config).ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Short };
        // Room right of the longest bar for its label.
        plot.Axes.SetLimitsX(0, cell.Max(r => r.SamplesPerSec) * 1.3);
        plot.Axes.SetLimitsY(-0.6, cell.Count - 0.4);
        plot.Grid.YAxisStyle.IsVisible = false;
        plot.Title($"{cell[0].Cell}, batch {cell[0].Batch}", size: 14);
        plot.XLabel("samples/s (speed-up over the system's one device)", size: 12);
        return plot;
    }

    /// <summary>A bar's label: its samples/s, then the speed-up over its baseline where the cell has one ("1.7k  1.70×").</summary>
    internal static string Label(IReadOnlyList<ScalingResult> cell, ScalingResult r)
    {
        var baseline = ScalingTable.Baseline(cell, r);
        return baseline is null || ReferenceEquals(baseline, r)
            ? Short(r.SamplesPerSec)
            : string.Create(CultureInfo.InvariantCulture, $"{Short(r.SamplesPerSec)}  {r.SamplesPerSec / baseline.SamplesPerSec:F2}×");
    }

    private static string Short(double v) => v >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{v / 1000:0.#}k")
        : string.Create(CultureInfo.InvariantCulture, $"{v:0}");
}

using System.Globalization;
using System.Net;
using System.Text;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// DIR/scaling.svg, drawn by hand (no plotting package): one panel per hidden x batch cell,
/// each with its own y scale (the cells differ by 10×), and one bar per configuration in the
/// same colour in every panel, labelled with its samples/s. Up to 11 configurations get a colour
/// of their own (Trainer's 4, the loop, PyTorch's 3, the two ceilings), five to a legend row.
/// </summary>
public static class ScalingPlot
{
    private const int PanelWidth = 480, PanelHeight = 300, Columns = 2, LegendColumns = 5, Margin = 50;
    private static readonly string[] Palette = { "#1f77b4", "#6baed6", "#d62728", "#ff9896", "#2ca02c", "#98df8a", "#9467bd", "#c5b0d5", "#8c564b", "#e377c2", "#7f7f7f" };

    public static void Write(string path, IReadOnlyList<ScalingResult> results) => File.WriteAllText(path, Render(results));

    public static string Render(IReadOnlyList<ScalingResult> results)
    {
        var configs = results.Select(r => r.Config).Distinct().ToList();
        var cells = ScalingTable.Cells(results).ToList();
        var rows = (cells.Count + Columns - 1) / Columns;
        var width = Columns * PanelWidth;
        var legendHeight = 28 + (configs.Count + LegendColumns - 1) / LegendColumns * 16; // two rows: 60, as before
        var height = legendHeight + Math.Max(rows, 1) * PanelHeight;
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        svg.Append(Inv($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Inv($"<text x=\"{width / 2}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">Fashion-MNIST MLP, samples/s (higher is better)</text>\n"));
        for (var i = 0; i < configs.Count; i++)
        {
            var x = 10 + i % LegendColumns * (width - 20) / LegendColumns;
            var y = 30 + i / LegendColumns * 16;
            svg.Append(Inv($"<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{Colour(i)}\"/><text x=\"{x + 16}\" y=\"{y + 10}\">{Escape(configs[i])}</text>\n"));
        }
        for (var c = 0; c < cells.Count; c++)
            Panel(svg, cells[c], configs, c % Columns * PanelWidth, legendHeight + c / Columns * PanelHeight);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, IReadOnlyList<ScalingResult> cell, List<string> configs, int left, int top)
    {
        var plotLeft = left + Margin + 10;
        var plotTop = top + 30;
        var plotWidth = PanelWidth - Margin - 30;
        var plotHeight = PanelHeight - 70;
        var max = NiceCeiling(cell.Max(r => r.SamplesPerSec) * 1.1);
        var gridlines = Gridlines(max);
        svg.Append(Inv($"<text x=\"{left + PanelWidth / 2}\" y=\"{top + 18}\" text-anchor=\"middle\" font-weight=\"bold\">hidden {cell[0].Hidden}, batch {cell[0].Batch}</text>\n"));
        for (var g = 0; g <= gridlines; g++)
        {
            var value = max * g / gridlines;
            var y = plotTop + plotHeight - plotHeight * g / (double)gridlines;
            svg.Append(Inv($"<line x1=\"{plotLeft}\" y1=\"{y:F1}\" x2=\"{plotLeft + plotWidth}\" y2=\"{y:F1}\" stroke=\"#ddd\"/>"));
            svg.Append(Inv($"<text x=\"{plotLeft - 4}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{Short(value)}</text>\n"));
        }
        var slot = (double)plotWidth / Math.Max(configs.Count, 1);
        foreach (var r in cell)
        {
            var i = configs.IndexOf(r.Config);
            var h = plotHeight * r.SamplesPerSec / max;
            var x = plotLeft + i * slot + slot * 0.1;
            var y = plotTop + plotHeight - h;
            svg.Append(Inv($"<rect x=\"{x:F1}\" y=\"{y:F1}\" width=\"{slot * 0.8:F1}\" height=\"{h:F1}\" fill=\"{Colour(i)}\"><title>{Escape(r.Config)}: {r.SamplesPerSec:F0} samples/s</title></rect>"));
            svg.Append(Inv($"<text x=\"{x + slot * 0.4:F1}\" y=\"{y - 3:F1}\" text-anchor=\"middle\" font-size=\"9\">{Short(r.SamplesPerSec)}</text>\n"));
        }
        svg.Append(Inv($"<line x1=\"{plotLeft}\" y1=\"{plotTop + plotHeight}\" x2=\"{plotLeft + plotWidth}\" y2=\"{plotTop + plotHeight}\" stroke=\"black\"/>\n"));
    }

    private static string Colour(int i) => Palette[i % Palette.Length];

    /// <summary>The smallest round value (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) not below <paramref name="v"/>.</summary>
    internal static double NiceCeiling(double v)
    {
        if (!(v > 0)) return 1;
        var p = Math.Pow(10, Math.Floor(Math.Log10(v)));
        foreach (var m in new[] { 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0 })
            if (m * p >= v) return m * p;
        return 10 * p;
    }

    /// <summary>How many gridline intervals split <paramref name="max"/> into round steps: 8k in 4 (2k), 6k in 6 (1k), 2.5k in 5 (500).</summary>
    internal static int Gridlines(double max)
    {
        var lead = max / Math.Pow(10, Math.Floor(Math.Log10(max)));
        return Math.Round(lead, 6) switch { 4 or 8 => 4, 1.5 or 3 or 6 => 6, _ => 5 };
    }

    private static string Short(double v) => v >= 1000 ? Inv($"{v / 1000:0.#}k") : Inv($"{v:0}");

    private static string Escape(string s) => WebUtility.HtmlEncode(s);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

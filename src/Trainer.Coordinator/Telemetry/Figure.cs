using ScottPlot;
using SkiaSharp;

namespace Trainer.Coordinator.Telemetry;

/// <summary>
/// What every figure of Trainer shares: the font, and saving one plot or a grid of plots as PNG
/// or SVG by the path's extension.
/// </summary>
/// <remarks>
/// ScottPlot draws with SkiaSharp's Linux library that needs no system libraries
/// (SkiaSharp.NativeAssets.Linux.NoDependencies, which ScottPlot brings): it has no fontconfig
/// and finds fonts only by scanning /usr/share/fonts. Without a font there, every plot still
/// renders, but with no text at all; scripts/setup.sh installs fonts-dejavu-core for that, and
/// <see cref="Style"/> says so once on stderr where the font is missing.
/// </remarks>
internal static class Figure
{
    /// <summary>The font of every label (Debian's fonts-dejavu-core).</summary>
    public const string FontFamily = "DejaVu Sans";

    private static readonly Lazy<bool> FontFound = new(() =>
    {
        using var typeface = SKFontManager.Default.MatchFamily(FontFamily);
        if (typeface is null)
            Console.Error.WriteLine($"figures: no font \"{FontFamily}\" under /usr/share/fonts (scripts/setup.sh installs fonts-dejavu-core): their text is left out");
        return typeface is not null;
    });

    /// <summary>Whether <see cref="FontFamily"/> is installed (text renders).</summary>
    public static bool FontInstalled => FontFound.Value;

    /// <summary>Sets every label of <paramref name="plot"/> in <see cref="FontFamily"/>.</summary>
    public static Plot Style(Plot plot)
    {
        if (FontInstalled) plot.Font.Set(FontFamily);
        return plot;
    }

    /// <summary>The plots as one figure, placed by <paramref name="layout"/> in their order.</summary>
    public static Multiplot Combine(IReadOnlyList<Plot> plots, IMultiplotLayout layout)
    {
        // A new Multiplot holds a plot of its own: start from the first of ours instead.
        var figure = new Multiplot(plots[0]);
        foreach (var plot in plots.Skip(1)) figure.AddPlot(plot);
        figure.Layout = layout;
        return figure;
    }

    /// <summary>Saves one plot; the extension of <paramref name="path"/> (.png or .svg) picks the format.</summary>
    public static void Save(Plot plot, string path, int width, int height)
    {
        switch (Format(path))
        {
            case ".png": plot.SavePng(path, width, height); break;
            default: plot.SaveSvg(path, width, height); break;
        }
    }

    /// <summary>
    /// Saves a grid of plots; the extension of <paramref name="path"/> (.png or .svg) picks the
    /// format. ScottPlot saves a multiplot only as PNG: the SVG is the same rendering on Skia's
    /// SVG canvas.
    /// </summary>
    public static void Save(Multiplot plots, string path, int width, int height)
    {
        if (Format(path) == ".png")
        {
            plots.SavePng(path, width, height);
            return;
        }
        using var stream = File.Create(path);
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
        {
            canvas.Clear(SKColors.White);
            plots.Render(canvas, new PixelRect(0, width, height, 0));
        }
    }

    private static string Format(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => ".png",
        ".svg" => ".svg",
        var other => throw new ArgumentException($"a figure is saved as .png or .svg, not \"{other}\"", nameof(path)),
    };
}

using System.Text.Json;
using ScottPlot;
using Trainer.Shared.Telemetry;

namespace Trainer.Coordinator.Telemetry;

/// <summary>
/// A figure of a few consecutive steps from a run's trace.json (<see cref="ChromeTrace"/>): one
/// row per track (the coordinator, then each device, as the trace orders them), a bar per phase
/// span in the phase's colour, time in ms from the first step's start, and a dashed line where each
/// step begins (its first span on a device: the coordinator shards steps ahead). The
/// coordinator's whole-step span (phase step) is not a bar: it would cover its own phases. A span
/// shorter than 0.2% of the window is drawn that wide, so that it is seen at all.
/// </summary>
internal static class StepTimeline
{
    private const int Width = 1100, RowHeight = 60, Chrome = 150;
    private const string Coordinator = "coordinator";

    private static readonly Dictionary<Phase, Color> Palette = new()
    {
        [Phase.Shard] = Color.FromHex("#8c564b"),
        [Phase.CopyToDevice] = Color.FromHex("#e377c2"),
        [Phase.Forward] = Color.FromHex("#1f77b4"),
        [Phase.Backward] = Color.FromHex("#ff7f0e"),
        [Phase.GradientCollect] = Color.FromHex("#2ca02c"),
        [Phase.Aggregate] = Color.FromHex("#9467bd"),
        [Phase.OptimizerStep] = Color.FromHex("#d62728"),
        [Phase.Broadcast] = Color.FromHex("#17becf"),
        [Phase.Idle] = Color.FromHex("#d9d9d9"),
        [Phase.GradientUpload] = Color.FromHex("#bcbd22"),
        [Phase.WeightsDownload] = Color.FromHex("#7f7f7f"),
    };

    /// <summary>
    /// Draws steps <paramref name="firstStep"/> to <paramref name="firstStep"/> + <paramref name="steps"/> - 1
    /// of <paramref name="traceJson"/> (a trace.json path) into <paramref name="imagePath"/> (.png or .svg).
    /// </summary>
    /// <param name="firstStep">Null: a typical stretch, the <paramref name="steps"/> consecutive steps whose
    /// time is the median of all such stretches (not the first steps' warm-up, nor the steps around
    /// an epoch's evaluation).</param>
    /// <returns>The steps drawn (first, last).</returns>
    public static (long First, long Last) Write(string traceJson, string imagePath, int steps = 3, long? firstStep = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var (tracks, spans) = Read(traceJson);
        var starts = StepStarts(spans);
        if (starts.Count == 0) throw new InvalidDataException($"{traceJson}: no step spans to draw");
        var first = firstStep ?? Typical(spans, starts, steps);
        var last = first + steps - 1;
        var shown = spans.Where(s => s.Step >= first && s.Step <= last).ToList();
        if (shown.Count == 0) throw new ArgumentException($"{traceJson} has no spans of steps {first} to {last}", nameof(firstStep));

        var plot = Figure.Style(new Plot());
        // From the first step's start: the coordinator's shard of it, made ahead, falls left of the window.
        var origin = starts.TryGetValue(first, out var firstStart) ? firstStart : shown.Min(s => s.StartUs);
        var end = shown.Max(s => s.EndUs);
        double Ms(double us) => (us - origin) / 1000;
        var minimumMs = Ms(end) * 0.002;
        // The first track on top.
        var rows = tracks.Where(t => shown.Any(s => s.Track == t)).ToList();
        double Row(string track) => rows.Count - 1 - rows.IndexOf(track);
        plot.Add.Bars(shown.Where(s => s.Phase != Phase.Step).Select(s => new Bar
        {
            Position = Row(s.Track),
            ValueBase = Ms(s.StartUs),
            Value = Math.Max(Ms(s.EndUs), Ms(s.StartUs) + minimumMs),
            FillColor = Palette.GetValueOrDefault(s.Phase, Colors.Black),
            LineWidth = 0,
            Size = 0.7,
            Orientation = Orientation.Horizontal,
        }).ToList());
        for (var step = first; step <= last; step++)
        {
            if (!starts.TryGetValue(step, out var at)) continue;
            plot.Add.VerticalLine(Ms(at), 1, Colors.Gray, LinePattern.Dashed);
            var label = plot.Add.Text($"step {step}", Ms(at), rows.Count - 0.45);
            label.LabelFontSize = 11;
            label.Alignment = Alignment.LowerLeft;
            label.OffsetX = 3;
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(rows.Select(Row).ToArray(), rows.ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimitsY(-0.6, rows.Count - 0.1);
        plot.Axes.SetLimitsX(0, Ms(end) * 1.01);
        plot.Grid.YAxisStyle.IsVisible = false;
        plot.XLabel("ms", size: 12);
        plot.Title($"steps {first} to {last}: phases per track", size: 14);
        var phases = shown.Select(s => s.Phase).Where(p => p != Phase.Step).Distinct().Order();
        plot.Legend.ManualItems.AddRange(phases.Select(p => new LegendItem { LabelText = p.Name(), FillColor = Palette.GetValueOrDefault(p, Colors.Black) }));
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Edge.Bottom);
        Figure.Save(plot, imagePath, Width, Chrome + RowHeight * rows.Count);
        return (first, last);
    }

    /// <summary>Where each step begins: its first span on a device track (the coordinator's only where no device has the step).</summary>
    private static SortedDictionary<long, double> StepStarts(List<SpanRecord> spans) => new(spans
        .Where(s => s.Step > 0)
        .GroupBy(s => s.Step)
        .ToDictionary(g => g.Key, g => (g.Any(s => s.Track != Coordinator) ? g.Where(s => s.Track != Coordinator) : g).Min(s => s.StartUs)));

    /// <summary>The first step of the stretch of <paramref name="steps"/> consecutive steps whose time (its first step's start to its last span's end) is the median.</summary>
    private static long Typical(List<SpanRecord> spans, SortedDictionary<long, double> starts, int steps)
    {
        var ends = spans.Where(s => s.Step > 0).GroupBy(s => s.Step).ToDictionary(g => g.Key, g => g.Max(s => s.EndUs));
        var stretches = starts.Keys
            .Where(k => Enumerable.Range(0, steps).All(i => starts.ContainsKey(k + i)))
            .Select(k => (First: k, Us: ends[k + steps - 1] - starts[k]))
            .OrderBy(w => w.Us).ThenBy(w => w.First)
            .ToList();
        return stretches.Count > 0 ? stretches[(stretches.Count - 1) / 2].First : starts.Keys.First();
    }

    /// <summary>The tracks in the trace's order (thread ids) and every complete span ("X" event) of a known phase.</summary>
    internal static (List<string> Tracks, List<SpanRecord> Spans) Read(string traceJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(traceJson));
        var events = doc.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var names = events
            .Where(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name")
            .ToDictionary(e => e.GetProperty("tid").GetInt32(), e => e.GetProperty("args").GetProperty("name").GetString()!);
        var phases = Enum.GetValues<Phase>().ToDictionary(p => p.Name());
        var spans = new List<SpanRecord>();
        foreach (var e in events.Where(e => e.GetProperty("ph").GetString() == "X"))
        {
            if (!phases.TryGetValue(e.GetProperty("name").GetString()!, out var phase)) continue;
            var tid = e.GetProperty("tid").GetInt32();
            spans.Add(new SpanRecord(names.GetValueOrDefault(tid, $"track {tid}"), phase,
                e.GetProperty("args").GetProperty("step").GetInt64(), e.GetProperty("ts").GetDouble(), e.GetProperty("dur").GetDouble()));
        }
        var tracks = names.OrderBy(n => n.Key).Select(n => n.Value).Union(spans.Select(s => s.Track)).ToList();
        return (tracks, spans);
    }
}

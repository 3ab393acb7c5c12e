using System.Text.Json;

namespace Trainer.Shared.Telemetry;

/// <summary>
/// Writes spans in Chrome's trace-event format ("X" complete events, one thread track per
/// device, named by "M" metadata events), which Perfetto and chrome://tracing open.
/// </summary>
public static class ChromeTrace
{
    public static void Write(string path, IEnumerable<SpanRecord> spans)
    {
        using var stream = File.Create(path);
        Write(stream, spans);
    }

    public static void Write(Stream stream, IEnumerable<SpanRecord> spans)
    {
        var ordered = spans.OrderBy(s => s.StartUs).ToList();
        var tracks = ordered.Select(s => s.Track).Distinct().OrderBy(TrackOrder).ThenBy(t => t, StringComparer.Ordinal).ToList();
        var tid = tracks.Select((t, i) => (t, i + 1)).ToDictionary(x => x.t, x => x.Item2);

        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ms");
        json.WriteStartArray("traceEvents");
        json.WriteStartObject();
        json.WriteString("ph", "M");
        json.WriteString("name", "process_name");
        json.WriteNumber("pid", 1);
        json.WriteStartObject("args");
        json.WriteString("name", "trainer");
        json.WriteEndObject();
        json.WriteEndObject();
        foreach (var track in tracks)
        {
            json.WriteStartObject();
            json.WriteString("ph", "M");
            json.WriteString("name", "thread_name");
            json.WriteNumber("pid", 1);
            json.WriteNumber("tid", tid[track]);
            json.WriteStartObject("args");
            json.WriteString("name", track);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        foreach (var s in ordered)
        {
            json.WriteStartObject();
            json.WriteString("ph", "X");
            json.WriteString("name", s.Phase.Name());
            json.WriteString("cat", "trainer");
            json.WriteNumber("pid", 1);
            json.WriteNumber("tid", tid[s.Track]);
            json.WriteNumber("ts", Math.Round(s.StartUs, 3));
            json.WriteNumber("dur", Math.Round(s.DurationUs, 3));
            json.WriteStartObject("args");
            json.WriteNumber("step", s.Step);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The coordinator's track first, then devices in their natural order.</summary>
    private static int TrackOrder(string track) => track == "coordinator" ? 0 : 1;
}

using System.Diagnostics;
using Google.Protobuf;

namespace Trainer.Coordinator.Telemetry;

/// <summary>
/// A TensorBoard event file of scalars (`tensorboard --logdir DIR` shows them): DIR/events.out.tfevents.SECONDS.HOST.PID.N,
/// TFRecord-framed Event protobufs (<see cref="TfRecord"/>), the first naming the format
/// ("brain.Event:2"), then one per scalar: wall_time, step, Summary { value { tag, simple_value } }.
/// </summary>
/// <remarks>
/// Not TorchSharp's <c>torch.utils.tensorboard.SummaryWriter</c>, although it frames and
/// checksums alike (the tests read its files): 0.107 writes a scalar's wall_time through a
/// float, which at today's Unix time is exact to 128 s only (TensorBoard's relative and wall
/// axes collapse into steps of two minutes), the file_version event's in .NET ticks instead of
/// seconds, steps as int, and it opens and closes the file for every scalar. Here the file stays
/// open, writes are buffered and reach the disk at least every <see cref="FlushInterval"/> (where
/// TensorBoard, polling the file, sees them), and on <see cref="Flush"/> and <see cref="Dispose"/>.
/// Safe to call from several threads (a lock: a scalar is a few dozen bytes).
/// </remarks>
internal sealed class TensorBoardLog : IDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(2);
    private static int _files;

    private readonly Lock _gate = new();
    private readonly FileStream _file;
    private readonly Stopwatch _sinceFlush = Stopwatch.StartNew();
    private bool _disposed;

    /// <summary>Creates <paramref name="dir"/> if need be, and a new event file in it.</summary>
    public TensorBoardLog(string dir)
    {
        Directory.CreateDirectory(dir);
        Path = System.IO.Path.Combine(dir, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"events.out.tfevents.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Environment.MachineName}.{Environment.ProcessId}.{Interlocked.Increment(ref _files)}"));
        _file = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
        Append(Event(step: 0, e => { e.WriteTag(3, WireFormat.WireType.LengthDelimited); e.WriteString("brain.Event:2"); }));
        Flush();
    }

    /// <summary>The event file.</summary>
    public string Path { get; }

    /// <summary>One point of the curve <paramref name="tag"/> ("train/loss"); TensorBoard stores it as a float.</summary>
    public void Scalar(string tag, double value, long step)
    {
        var summaryValue = Message(v =>
        {
            v.WriteTag(1, WireFormat.WireType.LengthDelimited);
            v.WriteString(tag);
            v.WriteTag(2, WireFormat.WireType.Fixed32);
            v.WriteFloat((float)value);
        });
        var summary = Message(s =>
        {
            s.WriteTag(1, WireFormat.WireType.LengthDelimited);
            s.WriteBytes(summaryValue);
        });
        Append(Event(step, e =>
        {
            e.WriteTag(5, WireFormat.WireType.LengthDelimited);
            e.WriteBytes(summary);
        }));
    }

    /// <summary>Sends what is buffered to the file, for TensorBoard to see.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _file.Flush();
            _sinceFlush.Restart();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _file.Dispose();
        }
    }

    private void Append(ByteString record)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            TfRecord.Write(_file, record.Span);
            if (_sinceFlush.Elapsed >= FlushInterval)
            {
                _file.Flush();
                _sinceFlush.Restart();
            }
        }
    }

    /// <summary>Event { wall_time = 1 (seconds since 1970, double); step = 2; then <paramref name="what"/> }.</summary>
    private static ByteString Event(long step, Action<CodedOutputStream> what) => Message(e =>
    {
        e.WriteTag(1, WireFormat.WireType.Fixed64);
        e.WriteDouble((DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds);
        if (step != 0)
        {
            e.WriteTag(2, WireFormat.WireType.Varint);
            e.WriteInt64(step);
        }
        what(e);
    });

    private static ByteString Message(Action<CodedOutputStream> write)
    {
        using var bytes = new MemoryStream();
        using (var output = new CodedOutputStream(bytes, leaveOpen: true)) write(output);
        return ByteString.CopyFrom(bytes.GetBuffer(), 0, (int)bytes.Length);
    }
}

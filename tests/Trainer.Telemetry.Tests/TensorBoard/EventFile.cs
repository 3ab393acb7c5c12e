using System.Buffers.Binary;
using Google.Protobuf;
using Trainer.Coordinator.Telemetry;

namespace Trainer.Telemetry.Tests.TensorBoard;

/// <summary>One event of an event file: a file_version event has no tag; a scalar event has no file version.</summary>
internal sealed record TensorBoardEvent(double WallTime, long Step, string? FileVersion, string? Tag, float? Value);

/// <summary>
/// Reads a TensorBoard event file back as TensorBoard would: TFRecord framing with both masked
/// CRC-32Cs checked (a mismatch throws), each record an Event protobuf decoded with
/// CodedInputStream (wall_time 1, step 2, file_version 3, summary 5 { value 1 { tag 1, simple_value 2 } }).
/// Fields it does not know are skipped, as protobuf readers do.
/// </summary>
internal static class EventFile
{
    public static List<TensorBoardEvent> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<TensorBoardEvent>();
        var at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < TfRecord.HeaderBytes) throw new InvalidDataException($"truncated header at byte {at}");
            var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8)) != TfRecord.MaskedCrc(bytes.AsSpan(at, 8)))
                throw new InvalidDataException($"length CRC mismatch at byte {at}");
            if (length > (ulong)(bytes.Length - at - TfRecord.HeaderBytes - TfRecord.FooterBytes))
                throw new InvalidDataException($"a record of {length} bytes at byte {at} runs past the end");
            var data = bytes.AsSpan(at + TfRecord.HeaderBytes, (int)length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + TfRecord.HeaderBytes + (int)length)) != TfRecord.MaskedCrc(data))
                throw new InvalidDataException($"data CRC mismatch in the record at byte {at}");
            events.Add(Event(data.ToArray()));
            at += TfRecord.HeaderBytes + (int)length + TfRecord.FooterBytes;
        }
        return events;
    }

    private static TensorBoardEvent Event(byte[] data)
    {
        var input = new CodedInputStream(data);
        double wallTime = 0;
        long step = 0;
        string? fileVersion = null, tag = null;
        float? value = null;
        uint t;
        while ((t = input.ReadTag()) != 0)
            switch (WireFormat.GetTagFieldNumber(t))
            {
                case 1: wallTime = input.ReadDouble(); break;
                case 2: step = input.ReadInt64(); break;
                case 3: fileVersion = input.ReadString(); break;
                case 5: (tag, value) = Summary(input.ReadBytes()); break;
                default: input.SkipLastField(); break;
            }
        return new TensorBoardEvent(wallTime, step, fileVersion, tag, value);
    }

    /// <summary>The one value of a Summary (the writers here put one in each event).</summary>
    private static (string? Tag, float? Value) Summary(ByteString summary)
    {
        var input = summary.CreateCodedInput();
        (string?, float?) result = (null, null);
        uint t;
        while ((t = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(t) != 1) { input.SkipLastField(); continue; }
            if (result.Item1 is not null) throw new InvalidDataException("a Summary with more than one value");
            var value = input.ReadBytes().CreateCodedInput();
            uint v;
            while ((v = value.ReadTag()) != 0)
                switch (WireFormat.GetTagFieldNumber(v))
                {
                    case 1: result.Item1 = value.ReadString(); break;
                    case 2: result.Item2 = value.ReadFloat(); break;
                    default: value.SkipLastField(); break;
                }
        }
        return result;
    }
}

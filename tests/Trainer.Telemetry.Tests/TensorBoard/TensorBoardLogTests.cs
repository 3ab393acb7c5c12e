using System.Text;
using Trainer.Coordinator.Telemetry;
using Tags = Trainer.Coordinator.Telemetry.TensorBoardTags;

namespace Trainer.Telemetry.Tests.TensorBoard;

public class TensorBoardLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trainer-tensorboard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Scalar_EveryTagOfARun_ReadBackWithItsStepsAndValues()
    {
        var written = new List<(string Tag, long Step, double Value)>();
        var before = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
        string path;
        using (var log = new TensorBoardLog(_dir))
        {
            path = log.Path;
            void Scalar(string tag, double value, long step)
            {
                log.Scalar(tag, value, step);
                written.Add((tag, step, value));
            }
            const int stepsPerEpoch = 3;
            for (var epoch = 1; epoch <= 2; epoch++)
            {
                for (var s = 1; s <= stepsPerEpoch; s++)
                {
                    var step = (epoch - 1) * stepsPerEpoch + s;
                    Scalar(Tags.TrainLoss, 2.5 / step, step);
                    Scalar(Tags.TrainSamplesPerSec, 60_000 + 100 * step, step);
                    Scalar(Tags.LiveWorkers, step < 5 ? 2 : 1, step);
                    foreach (var device in new[] { "cpu:0", "cpu:1" })
                    {
                        Scalar(Tags.Device(device, Tags.Forward), 1.5 + step, step);
                        Scalar(Tags.Device(device, Tags.Backward), 3.25 + step, step);
                        Scalar(Tags.Device(device, Tags.Transfer), 0.125 * step, step);
                        Scalar(Tags.Device(device, Tags.Idle), 0.0, step);
                    }
                }
                Scalar(Tags.EpochLoss, 1.0 / epoch, epoch);
                Scalar(Tags.EpochTrainAccuracy, 0.8 + 0.05 * epoch, epoch);
                Scalar(Tags.EpochTestAccuracy, 0.78 + 0.05 * epoch, epoch);
                Scalar(Tags.EpochTestLoss, 1.1 / epoch, epoch);
            }
        }
        var after = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;

        Assert.Matches(@"^events\.out\.tfevents\.\d+\.", Path.GetFileName(path));
        var events = EventFile.Read(path);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Null(events[0].Tag);
        var scalars = events.Skip(1).ToList();
        Assert.All(scalars, e => Assert.Null(e.FileVersion));
        Assert.Equal(written.Select(w => (w.Tag, w.Step, (float)w.Value)), scalars.Select(e => (e.Tag!, e.Step, e.Value!.Value)));
        var tags = new[] { "train/loss", "train/samples_per_sec", "cluster/live_workers", "epoch/loss", "epoch/train_accuracy", "epoch/test_accuracy", "epoch/test_loss" }
            .Concat(new[] { "cpu:0", "cpu:1" }.SelectMany(d => new[] { "forward_ms", "backward_ms", "transfer_ms", "idle_ms" }.Select(f => $"device/{d}/{f}")));
        Assert.Equal(tags.Order(), scalars.Select(e => e.Tag!).Distinct().Order());
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, scalars.Where(e => e.Tag == "device/cpu:1/backward_ms").Select(e => e.Step));
        Assert.Equal(new long[] { 1, 2 }, scalars.Where(e => e.Tag == "epoch/test_accuracy").Select(e => e.Step));
        Assert.Equal(new[] { 0.83f, 0.88f }, scalars.Where(e => e.Tag == "epoch/test_accuracy").Select(e => e.Value!.Value));
        // Wall time in seconds since 1970, to the millisecond (a float would be 128 s coarse), in order.
        Assert.All(events, e => Assert.InRange(e.WallTime, before - 0.001, after + 0.001));
        Assert.Equal(events.Select(e => e.WallTime).Order(), events.Select(e => e.WallTime));
    }

    [Fact]
    public void Flush_WhileOpen_TensorBoardSeesTheScalars()
    {
        using var log = new TensorBoardLog(_dir);
        log.Scalar(Tags.TrainLoss, 0.5, 1);
        log.Flush();
        var events = EventFile.Read(log.Path);
        Assert.Equal(("train/loss", 1L, 0.5f), (events[^1].Tag, events[^1].Step, events[^1].Value));
    }

    [Fact]
    public void Constructor_TwoLogsInOneFolder_EachItsOwnFile()
    {
        using var a = new TensorBoardLog(_dir);
        using var b = new TensorBoardLog(_dir);
        Assert.NotEqual(a.Path, b.Path);
    }

    [Theory]
    [InlineData(0, "length CRC mismatch")] // a bit of the first record's length
    [InlineData(12 + 3, "data CRC mismatch")] // a byte of the first record's Event
    [InlineData(-1, "data CRC mismatch")] // the last record's data CRC itself
    public void Read_CorruptByte_CrcMismatchDetected(int offset, string message)
    {
        string path;
        using (var log = new TensorBoardLog(_dir))
        {
            log.Scalar(Tags.EpochLoss, 0.25, 1);
            path = log.Path;
        }
        Assert.Equal(2, EventFile.Read(path).Count);
        var bytes = File.ReadAllBytes(path);
        bytes[offset >= 0 ? offset : bytes.Length + offset] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<InvalidDataException>(() => EventFile.Read(path));
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Crc32C_CheckValue_AsTheCastagnoliStandard()
    {
        // The CRC catalogue's check value: CRC-32C of the ASCII digits 1 to 9.
        Assert.Equal(0xE3069283u, TfRecord.Crc32C(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, TfRecord.Crc32C([]));
        // 8 bytes at a time and the tail alike: every length up to three words.
        var data = Enumerable.Range(0, 24).Select(i => (byte)(i * 37 + 1)).ToArray();
        for (var n = 0; n <= data.Length; n++)
            Assert.Equal(BitwiseCrc32C(data.AsSpan(0, n)), TfRecord.Crc32C(data.AsSpan(0, n)));
    }

    /// <summary>
    /// TorchSharp's own writer frames and checksums the same way: the reader, and so the CRCs
    /// here, agree with an implementation written apart from this one.
    /// </summary>
    [Fact]
    public void Read_TorchSharpSummaryWriterFile_SameFramingAndEvents()
    {
        var writer = torch.utils.tensorboard.SummaryWriter(_dir);
        writer.add_scalar("train/loss", 0.5f, 1);
        writer.add_scalar("train/loss", 0.25f, 2);
        var events = EventFile.Read(Directory.GetFiles(_dir).Single());
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal(new[] { ("train/loss", 1L, 0.5f), ("train/loss", 2L, 0.25f) }, events.Skip(1).Select(e => (e.Tag!, e.Step, e.Value!.Value)));
    }

    private static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        return ~crc;
    }
}

using System.Text.Json;
using Trainer.Coordinator.Cli;
using Trainer.Coordinator.Training;
using Trainer.Tests;

namespace Trainer.Coordinator.Tests;

/// <summary>`trainer train` on a GPU, alone and beside a CPU replica. Skipped without CUDA.</summary>
public class CudaTrainTests
{
    [CudaTheory]
    [InlineData("cuda:0", "ps")]
    [InlineData("cuda:0,cpu:0", "ps")]
    [InlineData("cuda:0,cpu:0", "allreduce")]
    [InlineData("cuda:0,cpu:0", "ps", "throughput")]
    public void Train_OnCuda_LearnsAndTracesEveryDevice(string devices, string mode, string balance = "even")
    {
        var dir = Directory.CreateTempSubdirectory("trainer-cuda-").FullName;
        try
        {
            var log = new StringWriter();
            var exit = TrainCommand.Run(Book.BookJobs.Create(), new TrainOptions(Epochs: 2, Seed: 1, Devices: devices, Mode: mode, Out: dir, Balance: balance), log);
            Assert.True(exit == 0, log.ToString());
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            var root = summary.RootElement;
            Assert.True(root.GetProperty("test_accuracy").GetDouble() >= 0.78, $"test accuracy {root.GetProperty("test_accuracy")}\n{log}");
            var tracks = root.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("device").GetString()).ToArray();
            Assert.All(devices.Split(','), d => Assert.Contains(d, tracks));
            Assert.True(File.Exists(Path.Combine(dir, "model.pt")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

using TorchSharp.PyBridge;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Trainer.Coordinator.Book;
using Trainer.Coordinator.Cli;
using Trainer.Coordinator.Training;

namespace Trainer.Coordinator.Tests;

public class TrainCommandTests(TrainedRunFixture run) : IClassFixture<TrainedRunFixture>
{
    [Fact]
    public void Train_TwoEpochs_ReachesSeventyEightPercentAndWritesSummary()
    {
        Assert.True(run.ExitCode == 0, run.Log);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Dir, "summary.json")));
        var root = summary.RootElement;
        var epochs = root.GetProperty("epochs").EnumerateArray().ToArray();
        Assert.Equal(2, epochs.Length);
        for (var i = 0; i < epochs.Length; i++)
        {
            Assert.Equal(i + 1, epochs[i].GetProperty("epoch").GetInt32());
            Assert.InRange(epochs[i].GetProperty("loss").GetDouble(), 0.01, 2.5);
            Assert.InRange(epochs[i].GetProperty("train_accuracy").GetDouble(), 0.5, 1.0);
            Assert.InRange(epochs[i].GetProperty("test_accuracy").GetDouble(), 0.5, 1.0);
            Assert.True(epochs[i].GetProperty("samples_per_sec").GetDouble() > 0);
        }
        Assert.True(epochs[1].GetProperty("loss").GetDouble() < epochs[0].GetProperty("loss").GetDouble(), "loss should fall");
        Assert.True(root.GetProperty("test_accuracy").GetDouble() >= 0.80, $"test accuracy {root.GetProperty("test_accuracy")}");
        Assert.Equal(epochs[1].GetProperty("test_accuracy").GetDouble(), root.GetProperty("test_accuracy").GetDouble());
        // Plain output (not a terminal): one line per epoch.
        Assert.Contains("epoch 2/2", run.Log);
    }

    [Fact]
    public async Task Train_ModelPtAndSummaryAlone_ReproduceTheTestAccuracyInPyTorch()
    {
        // Everything but the data set's files comes from model.pt and summary.json: the
        // architecture from its description, the preprocessing from "input".
        const string script = """
            import sys, gzip, json, numpy as np, torch
            from torch import nn
            summary = json.load(open(sys.argv[2]))
            assert summary["model"] == "Sequential(Flatten(), Linear(784, 256), ReLU(), Linear(256, 10))", summary["model"]
            pre = summary["input"]
            net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
            net.load_state_dict(torch.load(sys.argv[1]), strict=True)
            root = "/usr/share/datasets/fashion-mnist"
            with gzip.open(root + "/t10k-images-idx3-ubyte.gz") as f:
                raw = torch.from_numpy(np.frombuffer(f.read(), np.uint8, offset=16).copy())
            x = raw.float().div(pre["scale_divisor"]).sub(pre["mean"]).div(pre["std"]).reshape(-1, *pre["shape"])
            with gzip.open(root + "/t10k-labels-idx1-ubyte.gz") as f:
                y = torch.from_numpy(np.frombuffer(f.read(), np.uint8, offset=8).copy()).long()
            with torch.no_grad():
                print((net(x).argmax(1) == y).float().mean().item())
            """;
        Assert.True(run.ExitCode == 0, run.Log);
        var file = Path.Combine(run.Dir, "check.py");
        File.WriteAllText(file, script);
        var psi = new ProcessStartInfo(Trainer.Coordinator.Bench.PyTorchPeer.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(file);
        psi.ArgumentList.Add(Path.Combine(run.Dir, "model.pt"));
        psi.ArgumentList.Add(Path.Combine(run.Dir, "summary.json"));
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = await p.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(timeout.Token);
        Assert.True(p.ExitCode == 0, await err);
        var theirs = double.Parse(output.Trim(), CultureInfo.InvariantCulture);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Dir, "summary.json")));
        var ours = summary.RootElement.GetProperty("test_accuracy").GetDouble();
        // Same weights, same images: at most a few near-ties may round differently (0.1% is 10 images).
        Assert.True(Math.Abs(theirs - ours) <= 0.001, $"PyTorch {theirs}, ours {ours}");
    }

    [Fact]
    public void Train_Summary_RecordsStepsAppliedAndInputPreprocessing()
    {
        Assert.True(run.ExitCode == 0, run.Log);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Dir, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal(2 * 235, root.GetProperty("steps_applied").GetInt64()); // 2 epochs of ceil(60000 / 256) steps
        var input = root.GetProperty("input");
        Assert.Equal("Fashion-MNIST", input.GetProperty("dataset").GetString());
        Assert.Equal(new long[] { 1, 28, 28 }, input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(255, input.GetProperty("scale_divisor").GetDouble());
        Assert.Equal(0.2860, input.GetProperty("mean").GetDouble());
        Assert.Equal(0.3530, input.GetProperty("std").GetDouble());
    }

    [Theory]
    [InlineData("tied", "ps")]
    [InlineData("tied", "allreduce")]
    [InlineData("dynamic", "ps")]
    [InlineData("dynamic", "allreduce")]
    public void Train_BookModel_TrainsOnTwoDevicesInEitherMode(string model, string mode)
    {
        var dir = Directory.CreateTempSubdirectory($"trainer-{model}-").FullName;
        try
        {
            var summary = TrainingRun.Run(BookJobs.Create(model, hidden: 64), new TrainOptions(Epochs: 1, Devices: "cpu:0,cpu:1", Mode: mode, Out: dir),
                new PlainProgress(new StringWriter()));
            Assert.True(summary.TestAccuracy > 0.7, $"{model} {mode}: test accuracy {summary.TestAccuracy}");
            Assert.Equal(235, summary.StepsApplied);
            Assert.Equal(BookJobs.Create(model, hidden: 64).Description, summary.Model);
            Assert.Equal($"book-{model}", summary.Job);
            var (code, stdout, _) = Inspect(Path.Combine(dir, "model.pt"));
            Assert.Equal(0, code);
            if (model == "tied")
            {
                // PyTorch's keys: the shared layer under both of its indices.
                Assert.Contains("3.weight", stdout);
                Assert.Contains("5.weight", stdout);
            }
            else Assert.Contains("middle_linear.weight", stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Inspect_TrainedModel_ListsKeysShapesDtypes()
    {
        Assert.True(run.ExitCode == 0, run.Log);
        var (code, stdout, stderr) = Inspect(Path.Combine(run.Dir, "model.pt"));
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToArray();
        Assert.Equal(new[]
        {
            "1.weight [256, 784] torch.float32",
            "1.bias [256] torch.float32",
            "3.weight [10, 256] torch.float32",
            "3.bias [10] torch.float32",
        }, lines);
    }

    [Fact]
    public void Train_Hidden_SetsTheMlpWidthInModelAndSummary()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"trainer-hidden-{Guid.NewGuid():N}");
        try
        {
            var summary = TrainingRun.Run(BookJobs.Create(hidden: 32), new TrainOptions(Epochs: 1, Devices: "cpu:0,cpu:1", Out: dir), new PlainProgress(new StringWriter()));
            Assert.Equal("Sequential(Flatten(), Linear(784, 32), ReLU(), Linear(32, 10))", summary.Model);
            Assert.True(summary.TestAccuracy > 0.7, $"test accuracy {summary.TestAccuracy}");
            var (code, stdout, _) = Inspect(Path.Combine(dir, "model.pt"));
            Assert.Equal(0, code);
            Assert.Contains("1.weight  [32, 784]", stdout);
            Assert.Contains("3.weight  [10, 32]", stdout);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        var e = Assert.Throws<ArgumentException>(() => BookJobs.Create(hidden: 0));
        Assert.Equal("--hidden must be at least 1, got 0", e.Message);
    }

    [Fact]
    public void Inspect_MissingFile_OneLineAndNonZeroExit()
    {
        var (code, stdout, stderr) = Inspect("/nonexistent/model.pt");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("/nonexistent/model.pt: no such file", stderr);
    }

    [Fact]
    public void Inspect_TruncatedFile_OneLineAndNonZeroExit()
    {
        Assert.True(run.ExitCode == 0, run.Log);
        var bytes = File.ReadAllBytes(Path.Combine(run.Dir, "model.pt"));
        var truncated = Path.Combine(run.Dir, "truncated.pt");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var (code, stdout, stderr) = Inspect(truncated);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("truncated.pt", stderr);
    }

    [Fact]
    public void Inspect_CorruptFile_OneLineAndNonZeroExit()
    {
        var corrupt = Path.Combine(run.Dir, "corrupt.pt");
        File.WriteAllText(corrupt, "this is not a PyTorch file at all, just some text long enough to look like one");
        var (code, stdout, stderr) = Inspect(corrupt);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("trainer inspect: ", stderr);
    }

    [Fact]
    public void Inspect_OptimizerStateDict_ListsNestedKeys()
    {
        var file = Path.Combine(run.Dir, "optim.pt");
        using (var w = ones(2, 3))
        {
            var p = new Parameter(w);
            using var opt = torch.optim.SGD(new[] { p }, learningRate: 0.1, momentum: 0.9);
            using (var scope = NewDisposeScope()) p.grad = ones(2, 3);
            opt.step();
            opt.save_py(file); // PyTorch's optimizer state_dict format (TorchSharp.PyBridge)
            p.Dispose();
        }
        var (code, stdout, _) = Inspect(file);
        Assert.Equal(0, code);
        Assert.Contains("state.0.momentum_buffer", stdout);
        Assert.Contains("[2, 3]  torch.float32", stdout);
        Assert.Contains("param_groups.0.lr", stdout);
    }

    [Fact]
    public void Train_BadArguments_ExitOneWithMessage()
    {
        Assert.Equal(1, TrainCommand.Run(BookJobs.Create(), new TrainOptions(Devices: "cpu:0,cpu:0"), new StringWriter()));
        Assert.Equal(1, TrainCommand.Run(BookJobs.Create(), new TrainOptions(Devices: "cuda:9"), new StringWriter()));
        Assert.Equal(1, TrainCommand.Run(BookJobs.Create(), new TrainOptions(Mode: "ring"), new StringWriter()));
        Assert.Equal(1, TrainCommand.Run(BookJobs.Create(), new TrainOptions(Balance: "fastest"), new StringWriter()));
        Assert.Equal("--model resnet: unknown model (expected mlp, tied, dynamic or cnn)",
            Assert.Throws<ArgumentException>(() => BookJobs.Create("resnet")).Message);
        var e = Assert.Throws<ArgumentException>(() => new TrainOptions(Balance: "fastest").Validate());
        Assert.Equal("--balance fastest: unknown balance (expected even or throughput)", e.Message);
        Assert.Equal(1, TrainCommand.Run(BookJobs.Create(), new TrainOptions(Epochs: 0), new StringWriter()));
        Assert.Equal(1, TrainCommand.Run(BookJobs.Create(dataRoot: "/nonexistent"), new TrainOptions(), new StringWriter()));
    }

    [Fact]
    public void Train_MissingData_ErrorNamesPackage()
    {
        var e = Assert.Throws<FileNotFoundException>(() => TrainingRun.Run(BookJobs.Create(dataRoot: "/nonexistent"), new TrainOptions(), new PlainProgress(new StringWriter())));
        Assert.Contains("dataset-fashion-mnist", e.Message);
    }

    private static (int Code, string Stdout, string Stderr) Inspect(string path)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = InspectCommand.Run(path, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}

using System.Globalization;
using Trainer.Coordinator;
using Trainer.Coordinator.Bench;
using Trainer.Shared.Data;

namespace Trainer.Telemetry.Tests;

/// <summary>
/// `bench scaling` over a job rather than the book's MLP: a user's own job (a tiny one defined
/// here, on synthetic data), through TrainerApp as a user's executable runs it, and through
/// <see cref="ScalingBench.Run"/> with its plain loop; and the book's LeNet workload
/// (`trainer bench scaling --workloads cnn`), PyTorch included.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class JobBenchTests : IDisposable
{
    // 512 samples of 8 features, 3 classes: the tensors outlive every trainer (TensorBatchSource does not own them).
    private readonly Tensor x = torch.linspace(-1, 1, 512 * 8).reshape(512, 8);
    private readonly Tensor y = torch.arange(512, dtype: ScalarType.Int64).remainder(3);

    private TrainingJob TinyJob() => new()
    {
        Name = "tiny-job",
        Model = () => nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3)),
        Loss = () => nn.CrossEntropyLoss(),
        Optimizer = p => optim.SGD(p, 0.05, momentum: 0.9),
        TrainData = () => new TensorBatchSource(x, y),
    };

    public void Dispose()
    {
        x.Dispose();
        y.Dispose();
    }

    private static List<string[]> Rows(string dir, string file = "scaling.csv") =>
        File.ReadAllLines(Path.Combine(dir, file)).Skip(1).Select(l => l.Split(',')).ToList();

    [Fact]
    public void TrainerAppRun_BenchScalingUserJobTiny_TrainerRowsLabelledByTheJob()
    {
        var dir = Directory.CreateTempSubdirectory("trainer-bench-job-").FullName;
        try
        {
            var exit = TrainerApp.Run(["bench", "scaling", "--out", dir, "--systems", "trainer", "--steps", "2", "--warmup", "1", "--batch", "32", "--rounds", "1"], TinyJob());
            Assert.Equal(0, exit);
            Assert.Equal("system,mode,devices,batch,hidden,samples_per_sec,workload", File.ReadLines(Path.Combine(dir, "scaling.csv")).First());
            var rows = Rows(dir);
            Assert.Equal(["trainer,ps,1,32", "trainer,ps,2,32", "trainer,allreduce,1,32", "trainer,allreduce,2,32"], rows.Select(r => string.Join(',', r.Take(4))));
            Assert.All(rows, r => Assert.Equal(("", "tiny-job"), (r[4], r[6])));
            Assert.All(rows, r => Assert.True(double.Parse(r[5], CultureInfo.InvariantCulture) > 0));
            Figures.ImageFiles.AssertSvg(Path.Combine(dir, "scaling.svg"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Run_UserJobWithItsLoop_TrainerAndLoopRowsAndTheHarnessCheck()
    {
        var dir = Directory.CreateTempSubdirectory("trainer-bench-job-").FullName;
        var workload = new ScalingWorkload("tiny-job", 0, TinyJob, [], null, 512);
        // One device: the TorchSharp ceiling of 2 would be processes of the job's own executable.
        var options = new ScalingOptions(dir, Hidden: [], Batch: [64], Devices: [1], Modes: ["ps", "allreduce"], Steps: 3, Warmup: 1,
            DataRoot: FashionMNIST.DefaultRoot, PyTorch: false, TorchSharp: true, Jobs: [workload]);
        // The loop in this process: a test host is no app that `bench job-loop-peer` could start again.
        LoopStart loop = (w, devices, batch, warmup) =>
        {
            Assert.Equal(1, devices);
            var l = new TorchSharpLoop(w.Build(), batch);
            l.Run(warmup);
            return l;
        };
        var log = new StringWriter();
        try
        {
            using var trainer = new TrainerScaling(FashionMNIST.DefaultRoot);
            var results = ScalingBench.Run(options, trainer.Start, log, loop: loop);
            Assert.Equal(["trainer ps ×1", "trainer allreduce ×1", "torchsharp loop ×1"], results.Select(r => r.Config));
            Assert.All(results, r => Assert.Equal(("tiny-job", 64, 3), (r.Workload, r.Batch, r.Steps)));
            Assert.All(results, r => Assert.True(r.SamplesPerSec > 0));
            Assert.Contains(log.ToString().Split('\n'), l => l.Contains("(b) tiny-job, batch 64, trainer ps ×1: "));
            Assert.Equal(["trainer,ps,1,64,,tiny-job", "trainer,allreduce,1,64,,tiny-job", "torchsharp,loop,1,64,,tiny-job"],
                Rows(dir).Select(r => string.Join(',', r.Take(5).Append(r[6]))));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Validate_UserJobWithPyTorch_RefusedNamingTheJob()
    {
        var workload = new ScalingWorkload("tiny-job", 0, TinyJob, [], null, 512);
        var options = new ScalingOptions("x", Hidden: [], Batch: [64], Devices: [1], Modes: ["ps"], Steps: 3, Warmup: 1, DataRoot: FashionMNIST.DefaultRoot, Jobs: [workload]);
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("--systems pytorch", e.Message);
        Assert.Contains("tiny-job", e.Message);
        e = Assert.Throws<ArgumentException>((options with { PyTorch = false, Batch = [1024] }).Validate);
        Assert.Contains("tiny-job's training set (512)", e.Message);
    }

    [Fact]
    public void TrainerAppRun_BenchScalingUserJobPyTorch_ExitsOneWithoutWriting()
    {
        var dir = Path.Combine(Path.GetTempPath(), "trainer-bench-never-" + Guid.NewGuid());
        var error = new StringWriter();
        var console = Console.Error;
        Console.SetError(error);
        try { Assert.Equal(1, TrainerApp.Run(["bench", "scaling", "--out", dir, "--systems", "trainer,pytorch"], TinyJob())); }
        finally { Console.SetError(console); }
        Assert.Contains("PyTorch has no script for job 'tiny-job'", error.ToString());
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void EntryApp_UnderATestHost_IsNull() => Assert.Null(SelfCommand.EntryApp());

    [Fact]
    public void Main_BenchScalingCnnPyTorchTiny_ThreadsDdpAndCeilingRowsOfTheLeNet()
    {
        var dir = Directory.CreateTempSubdirectory("trainer-bench-cnn-").FullName;
        try
        {
            var exit = Program.Main(["bench", "scaling", "--out", dir, "--workloads", "cnn", "--systems", "pytorch", "--steps", "3", "--warmup", "1", "--batch", "32", "--rounds", "1"]);
            Assert.Equal(0, exit);
            var rows = Rows(dir);
            Assert.Equal(["pytorch,threads,1,32,,book-cnn", "pytorch,threads,2,32,,book-cnn", "pytorch,ddp,2,32,,book-cnn"],
                rows.Select(r => string.Join(',', r.Take(5).Append(r[6]))));
            Assert.All(rows, r => Assert.True(double.Parse(r[5], CultureInfo.InvariantCulture) > 0));
            Assert.Equal(["ceiling,pytorch,2,32,,book-cnn"], Rows(dir, "ceiling.csv").Select(r => string.Join(',', r.Take(5).Append(r[6]))));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Main_BenchScalingMlpAndCnnTrainer_BothWorkloadsCellsInOneFile()
    {
        var dir = Directory.CreateTempSubdirectory("trainer-bench-cnn-").FullName;
        try
        {
            var exit = Program.Main(["bench", "scaling", "--out", dir, "--workloads", "mlp,cnn", "--hidden", "16", "--systems", "trainer", "--modes", "ps",
                "--devices", "1", "--steps", "2", "--warmup", "1", "--batch", "32", "--rounds", "1"]);
            Assert.Equal(0, exit);
            Assert.Equal(["trainer,ps,1,32,16,mlp", "trainer,ps,1,32,,book-cnn"], Rows(dir).Select(r => string.Join(',', r.Take(5).Append(r[6]))));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Main_BenchScalingUnknownWorkload_ExitsOne() =>
        Assert.Equal(1, Program.Main(["bench", "scaling", "--out", Path.Combine(Path.GetTempPath(), "never-" + Guid.NewGuid()), "--workloads", "resnet"]));
}

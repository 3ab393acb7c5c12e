using System.Text.Json;
using System.Text.RegularExpressions;
using Trainer.Coordinator.Cli;
using Trainer.Shared.Security;
using Trainer.Shared.StateDict;
using Trainer.Worker.Node;

namespace Trainer.Cluster.Tests.Support;

/// <summary>
/// A coordinator and its workers on loopback whose run lasts long enough to be probed or
/// disturbed mid-run: each gradient upload waits <see cref="UploadDelayMs"/> first (a test hook
/// that costs no CPU), so <see cref="Steps"/> steps take several seconds. With TLS the credential
/// is made here by `trainer cert`'s own code. Every process is killed on Dispose.
/// </summary>
internal sealed partial class TrainingCluster : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>2048 training images in batches of 32.</summary>
    public const int Steps = 64;

    public const int UploadDelayMs = 100;

    public static readonly string[] Training = ["--epochs", "1", "--batch-size", "32", "--hidden", "16", "--seed", "7", "--lr", "0.05"];

    private readonly List<TrainerProcess> processes = new();
    private readonly string[] security;

    public TrainingCluster(string dir, string data, bool tls)
    {
        Dir = dir;
        Data = data;
        Port = FreePorts.Pair();
        if (tls)
        {
            Assert.Equal(0, CertCommand.Run(Path.Combine(dir, "creds"), TextWriter.Null));
            CredentialPath = Path.Combine(dir, "creds", ClusterCredential.FileName);
        }
        security = tls ? ["--credentials", CredentialPath!] : ["--insecure"];
    }

    /// <summary><paramref name="train"/> training images (2048: <see cref="Steps"/> steps) and 64 test images of Debian's Fashion-MNIST in <paramref name="dir"/>.</summary>
    public static string WriteData(string dir, int train = 2048) => SmallFashionMnist.Write(dir, train, test: 64);

    public string Dir { get; }
    public string Data { get; }
    public int Port { get; }
    public int TensorPort => Port + 1;
    public string? CredentialPath { get; }
    public string OutDir => Path.Combine(Dir, "cluster");
    public TrainerProcess Coordinator { get; private set; } = null!;

    /// <summary>Every process's output so far.</summary>
    public string Log => string.Concat(processes.Select(p => p.Log));

    /// <summary>Starts the coordinator (waiting for <paramref name="minWorkers"/>) and waits until it listens.</summary>
    public void StartCoordinator(int minWorkers)
    {
        Coordinator = Track(TrainerProcess.Start("coordinator", ["coordinator", "--listen", $"127.0.0.1:{Port}", .. security, "--min-workers", $"{minWorkers}",
            "--worker-timeout", "60", "--data", Data, "--out", OutDir, .. Training]));
        Assert.True(Coordinator.WaitForLine("waiting for", Patience), Log);
    }

    /// <summary>A paced one-device worker joining with this cluster's security, or with <paramref name="otherSecurity"/>.</summary>
    public TrainerProcess StartWorker(string name, string[]? otherSecurity = null)
    {
        var worker = Track(TrainerProcess.Start(name, new Dictionary<string, string> { [TestHooks.UploadDelayVariable] = $"{UploadDelayMs}" },
            ["worker", "--join", $"127.0.0.1:{Port}", .. otherSecurity ?? security, "--devices", "cpu:0", "--data", Data, .. JobArgs.Of(Training)]));
        if (otherSecurity is null) Workers.Add(worker);
        return worker;
    }

    /// <summary>The workers started with this cluster's own security.</summary>
    public List<TrainerProcess> Workers { get; } = new();

    /// <summary>Waits until the coordinator has started its steps.</summary>
    public void WaitUntilTraining() => Assert.True(Coordinator.WaitForLine("training the", Patience), Log);

    /// <summary>The worker id and device id a worker was given at join, and its model's length, read from its log.</summary>
    public static JoinedDevice Joined(TrainerProcess worker)
    {
        Assert.True(worker.WaitForLine("joined as", Patience), worker.Log);
        var m = JoinedLine().Match(worker.Log);
        Assert.True(m.Success, worker.Log);
        return new JoinedDevice(m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
            long.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    public sealed record JoinedDevice(string WorkerId, int DeviceId, long ModelValues);

    /// <summary>Waits for the coordinator to end the run; asserts it and <see cref="Workers"/> (but <paramref name="except"/>) exited 0.</summary>
    public void Finish(TrainerProcess? except = null)
    {
        Assert.True(Coordinator.WaitForExit(Patience), Log);
        Assert.True(Coordinator.ExitCode == 0, Log);
        foreach (var w in Workers.Where(w => w != except))
        {
            Assert.True(w.WaitForExit(TimeSpan.FromSeconds(30)), Log);
            Assert.True(w.ExitCode == 0, Log);
        }
    }

    /// <summary>steps_applied of the run's summary.json.</summary>
    public long StepsApplied()
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutDir, "summary.json")));
        return summary.RootElement.GetProperty("steps_applied").GetInt64();
    }

    /// <summary>Asserts the run's model.pt equals <paramref name="expectedPath"/>'s to <paramref name="tolerance"/>, tensor by tensor.</summary>
    public void AssertModelEquals(string expectedPath, float tolerance)
    {
        var expected = PyTorchStateDict.Read(expectedPath);
        var actual = PyTorchStateDict.Read(Path.Combine(OutDir, "model.pt"));
        try
        {
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (name, tensor) in expected)
            {
                var difference = (tensor - actual[name]).abs().max().item<float>();
                Assert.True(difference <= tolerance, $"{name} differs by {difference} from the undisturbed run's");
            }
        }
        finally
        {
            foreach (var t in expected.Values.Concat(actual.Values)) t.Dispose();
        }
    }

    /// <summary>`trainer train` of the same options and data on <paramref name="devices"/>: the undisturbed run's model.pt.</summary>
    public static string TrainEmbedded(string data, string outDir, string devices)
    {
        using var embedded = TrainerProcess.Start("embedded", ["train", "--devices", devices, "--data", data, "--out", outDir, .. Training]);
        Assert.True(embedded.WaitForExit(Patience), embedded.Log);
        Assert.True(embedded.ExitCode == 0, embedded.Log);
        return Path.Combine(outDir, "model.pt");
    }

    private TrainerProcess Track(TrainerProcess p)
    {
        processes.Add(p);
        return p;
    }

    [GeneratedRegex(@"joined as (\S+): devices \S+ = (\d+), job \S+ \((\d+) values\)")]
    private static partial Regex JoinedLine();

    public void Dispose()
    {
        foreach (var p in processes) p.Dispose();
    }
}

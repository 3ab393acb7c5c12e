namespace Trainer.Coordinator.Bench;

/// <summary>
/// What `trainer bench scaling` measures. <see cref="Trainer"/>, <see cref="PyTorch"/> and
/// <see cref="TorchSharp"/> choose the systems: Trainer's modes and device counts; PyTorch's
/// threads, DDP and its ceiling; the plain TorchSharp loop and its ceiling. <see cref="Cluster"/>:
/// Trainer as a coordinator and two worker processes (trainer-cluster). The cells: the book's MLP at
/// each of <see cref="Hidden"/>, then each of <see cref="Jobs"/> (the app's job, or the book's
/// LeNet), each at every one of <see cref="Batch"/>.
/// </summary>
public sealed record ScalingOptions(
    string Out,
    IReadOnlyList<int> Hidden,
    IReadOnlyList<int> Batch,
    IReadOnlyList<int> Devices,
    IReadOnlyList<string> Modes,
    int Steps,
    int Warmup,
    string DataRoot,
    bool Trainer = true,
    bool PyTorch = true,
    int Rounds = 1,
    int Chunks = 1,
    bool TorchSharp = true,
    bool Cluster = false,
    IReadOnlyList<ScalingWorkload>? Jobs = null)
{
    /// <summary>Every workload, in the order the cells are measured: the MLP's hidden sizes, then the jobs.</summary>
    public IEnumerable<ScalingWorkload> Workloads() =>
        Hidden.Select(h => ScalingWorkload.Mlp(h, DataRoot)).Concat(Jobs ?? []);

    public const int FashionMnistTrainCount = 60_000;

    /// <summary>Timed steps for a batch size: --steps, or one epoch of <paramref name="samples"/> (drop_last) when 0.</summary>
    public int StepsFor(int batch, long samples = FashionMnistTrainCount) => Steps > 0 ? Steps : (int)(samples / batch);

    public void Validate()
    {
        if (Hidden.Any(h => h < 1)) throw new ArgumentException("--hidden needs positive sizes, e.g. 256,2048");
        var jobs = Jobs ?? [];
        if (Hidden.Count == 0 && jobs.Count == 0) throw new ArgumentException("nothing to measure: --hidden needs positive sizes, e.g. 256,2048");
        // PyTorch trains only what pytorch_scaling.py defines (the book's MLP and LeNet): a job of
        // the user's own has no PyTorch twin, and a row of some other net would compare nothing.
        if (PyTorch && jobs.FirstOrDefault(j => j.PyTorchModel is null) is { } other)
            throw new ArgumentException($"--systems pytorch: PyTorch has no script for job '{other.Label}' (pytorch_scaling.py runs the book's MLP and LeNet only); "
                + "measure it with --systems trainer,torchsharp,trainer-cluster");
        if (Batch.Count == 0 || Batch.Any(b => b < 2)) throw new ArgumentException("--batch needs sizes of at least 2, e.g. 256,2048");
        if (Devices.Count == 0 || Devices.Any(d => d < 1)) throw new ArgumentException("--devices needs counts of at least 1, e.g. 1,2");
        foreach (var m in Modes)
            if (m is not ("ps" or "allreduce")) throw new ArgumentException($"--modes: unknown mode '{m}' (ps or allreduce)");
        if (Steps < 0) throw new ArgumentException($"--steps must be 0 (one epoch) or positive, got {Steps}");
        if (Warmup < 0) throw new ArgumentException($"--warmup must not be negative, got {Warmup}");
        if (Chunks < 1) throw new ArgumentException($"--chunks must be at least 1, got {Chunks}");
        if (Rounds < 1) throw new ArgumentException($"--rounds must be at least 1, got {Rounds}");
        foreach (var w in Workloads())
            foreach (var b in Batch)
                if (b > w.TrainCount) throw new ArgumentException($"--batch {b} is larger than {w.Label}'s training set ({w.TrainCount})");
    }
}

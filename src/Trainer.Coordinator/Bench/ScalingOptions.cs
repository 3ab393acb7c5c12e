namespace Trainer.Coordinator.Bench;

/// <summary>
/// What `trainer bench scaling` measures. <see cref="Trainer"/>, <see cref="PyTorch"/> and
/// <see cref="TorchSharp"/> choose the systems: Trainer's modes and device counts; PyTorch's
/// threads, DDP and its ceiling; the plain TorchSharp loop and its ceiling. <see cref="Cluster"/>:
/// Trainer as a coordinator and two worker processes (trainer-cluster).
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
    bool Cluster = false)
{
    public const int FashionMnistTrainCount = 60_000;

    /// <summary>Timed steps for a batch size: --steps, or one epoch (drop_last) when 0.</summary>
    public int StepsFor(int batch) => Steps > 0 ? Steps : FashionMnistTrainCount / batch;

    public void Validate()
    {
        if (Hidden.Count == 0 || Hidden.Any(h => h < 1)) throw new ArgumentException("--hidden needs positive sizes, e.g. 256,2048");
        if (Batch.Count == 0 || Batch.Any(b => b < 2)) throw new ArgumentException("--batch needs sizes of at least 2, e.g. 256,2048");
        if (Devices.Count == 0 || Devices.Any(d => d < 1)) throw new ArgumentException("--devices needs counts of at least 1, e.g. 1,2");
        foreach (var m in Modes)
            if (m is not ("ps" or "allreduce")) throw new ArgumentException($"--modes: unknown mode '{m}' (ps or allreduce)");
        if (Steps < 0) throw new ArgumentException($"--steps must be 0 (one epoch) or positive, got {Steps}");
        if (Warmup < 0) throw new ArgumentException($"--warmup must not be negative, got {Warmup}");
        if (Chunks < 1) throw new ArgumentException($"--chunks must be at least 1, got {Chunks}");
        if (Rounds < 1) throw new ArgumentException($"--rounds must be at least 1, got {Rounds}");
        foreach (var b in Batch)
            if (b > FashionMnistTrainCount) throw new ArgumentException($"--batch {b} is larger than the training set ({FashionMnistTrainCount})");
    }
}

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The systems and modes of the scaling benchmark's rows, as scaling.csv and ceiling.csv name them.
/// </summary>
public static class ScalingSystems
{
    /// <summary>The harness: modes ps and allreduce, devices = CPU replicas.</summary>
    public const string Trainer = "trainer";

    /// <summary>
    /// The harness as cluster services on loopback: this process the coordinator, worker
    /// processes of one CPU device each (mode ps, devices = worker processes).
    /// </summary>
    public const string TrainerCluster = "trainer-cluster";

    /// <summary>PyTorch 1.13: modes threads (one process, N intra-op threads) and ddp (N Gloo processes).</summary>
    public const string PyTorch = "pytorch";

    /// <summary>
    /// A plain single-thread TorchSharp training loop (mode <see cref="Loop"/>, 1 device): the
    /// same model, loss, optimizer, batches and libtorch as Trainer's, without the harness.
    /// Trainer's one device against it is the harness's own cost.
    /// </summary>
    public const string TorchSharp = "torchsharp";

    public const string Loop = "loop";

    /// <summary>
    /// The machine's ceiling: N processes training their shares of every batch at once, each its
    /// own model, never communicating. Mode <see cref="PyTorch"/> (pytorch_scaling.py --mode
    /// independent) or <see cref="TorchSharp"/> (N `trainer bench loop-peer` processes); the
    /// better of the two is what N devices are held against.
    /// </summary>
    public const string Ceiling = "ceiling";
}

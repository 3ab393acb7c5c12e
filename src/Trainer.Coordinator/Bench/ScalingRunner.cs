namespace Trainer.Coordinator.Bench;

/// <summary>
/// One configuration of the scaling benchmark on one cell, built and warmed up, kept alive
/// between the chunks of steps it is timed on, so that every configuration of a cell can be
/// timed in turn, chunk by chunk.
/// </summary>
public interface IScalingRunner : IDisposable
{
    /// <summary>What this runner measures (its samples/s is filled in from the chunks).</summary>
    ScalingResult Config { get; }

    /// <summary>Trains the next <paramref name="steps"/> global batches and returns the seconds they took.</summary>
    double Run(int steps);
}

/// <summary>Builds and warms up a Trainer configuration: mode, devices, the cell's workload, batch, warm-up steps.</summary>
public delegate IScalingRunner TrainerStart(string mode, int devices, ScalingWorkload workload, int batch, int warmup);

/// <summary>Builds and warms up the cluster rows' configuration (a coordinator and its worker processes): workload, batch, warm-up steps.</summary>
public delegate IScalingRunner ClusterStart(ScalingWorkload workload, int batch, int warmup);

/// <summary>
/// Builds and warms up the plain TorchSharp loop of a cell (<paramref name="devices"/> 1), or
/// its ceiling (that many loops on their shares of every batch, system ceiling).
/// </summary>
public delegate IScalingRunner LoopStart(ScalingWorkload workload, int devices, int batch, int warmup);

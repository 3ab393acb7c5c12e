namespace Trainer.Coordinator.Bench;

/// <summary>
/// The Trainer side of the benchmarks. It drives the data-parallel facade
/// (DataParallelTrainer), which is being built on another branch; until it is merged the
/// Trainer side refuses with a clear message and `--systems pytorch` still runs.
/// </summary>
internal static class TrainerScaling
{
    private const string NotYet = "the Trainer side needs the data-parallel trainer, which this build does not include yet; run with --systems pytorch";

    internal static TrainerMeasure Measure(string dataRoot) =>
        (mode, devices, hidden, batch, steps, warmup) => throw new InvalidOperationException(NotYet);

    internal static MemoryReport MeasureMemory(string mode, int devices, int batch, int epochs, string dataRoot, TextWriter log) =>
        throw new InvalidOperationException(NotYet);
}

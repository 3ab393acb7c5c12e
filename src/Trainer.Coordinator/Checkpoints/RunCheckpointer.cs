using System.Globalization;
using Trainer.Coordinator.DataParallel;
using Trainer.Coordinator.Training;

namespace Trainer.Coordinator.Checkpoints;

/// <summary>
/// A data-parallel run's checkpoint schedule and writes: due every --checkpoint-every global
/// steps (counted over the whole run, so a resumed run keeps the same schedule), written while
/// the trainer is between steps (<see cref="EpochSegments"/> drains the pipeline first).
/// </summary>
internal sealed class RunCheckpointer
{
    private readonly TrainOptions options;
    private readonly string jobIdentity;
    private readonly DataParallelTrainer dp;
    private readonly long samples;
    private readonly long batchesPerEpoch;
    private readonly long stepsBefore;
    private readonly IReadOnlyList<EpochStats> epochsDone;

    /// <param name="stepsBefore">Steps applied before this process resumed the run (0 for a new run).</param>
    /// <param name="epochsDone">The run's finished epochs, as the caller adds them.</param>
    public RunCheckpointer(TrainingJob job, TrainOptions options, DataParallelTrainer dp, long samples, long batchesPerEpoch, long stepsBefore, IReadOnlyList<EpochStats> epochsDone)
    {
        this.options = options;
        jobIdentity = RunCheckpoints.JobIdentity(job);
        this.dp = dp;
        this.samples = samples;
        this.batchesPerEpoch = batchesPerEpoch;
        this.stepsBefore = stepsBefore;
        this.epochsDone = epochsDone;
        Writer = options.Checkpoints?.Dir is string dir ? new CheckpointWriter(dir) : null;
    }

    /// <summary>
    /// Test hook: milliseconds to sleep after each checkpoint, so that a test can kill the process
    /// while a checkpoint exists and the run is not over (its steps take a millisecond each).
    /// </summary>
    public const string TestPauseVariable = "TRAINER_TEST_CHECKPOINT_PAUSE_MS";

    private static readonly int TestPause =
        int.TryParse(Environment.GetEnvironmentVariable(TestPauseVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : 0;

    /// <summary>The --checkpoint-dir writer; null without one.</summary>
    public CheckpointWriter? Writer { get; }

    /// <summary>Steps applied over the whole run, this process's and those before its resume.</summary>
    public long StepsApplied => stepsBefore + dp.StepsApplied;

    public long GlobalStep(int epoch, long batchInEpoch) => (epoch - 1) * batchesPerEpoch + batchInEpoch;

    public bool Due(int epoch, long batchInEpoch) => Writer is not null && GlobalStep(epoch, batchInEpoch) % options.Checkpoints!.Every == 0;

    /// <summary>Writes the run's state after <paramref name="batchInEpoch"/> batches of epoch <paramref name="epoch"/> (whose order is <paramref name="order"/>).</summary>
    public Checkpoint Write(CheckpointWriter writer, int epoch, long batchInEpoch, long[] order)
    {
        var progress = new CheckpointProgress(epoch, batchInEpoch, batchesPerEpoch, GlobalStep(epoch, batchInEpoch), StepsApplied,
            options.Seed, options.BatchSize, samples, jobIdentity, RunCheckpoints.OrderHead(order),
            RunCheckpoints.OptimizerFileNames(dp.MasterOptimizers.Count), epochsDone.ToArray());
        return writer.Write(progress, folder => RunCheckpoints.WriteFiles(folder, dp));
    }

    /// <summary>The test hook's sleep (<see cref="TestPauseVariable"/>), after the checkpoint was announced.</summary>
    public static void PauseForTests()
    {
        if (TestPause > 0) Thread.Sleep(TestPause);
    }
}

using Trainer.Coordinator.Training;
using Trainer.Shared.Telemetry;

namespace Trainer.Coordinator.Telemetry;

/// <summary>
/// `--tensorboard DIR`: a run's progress as TensorBoard scalars, beside the progress the user
/// sees (it wraps that sink and passes every call on). Per step the step's own loss and the
/// running samples/s; per epoch the train and test figures and each device's mean phase times
/// over the epoch's steps (from the run's trace, workers' spans included); the live worker count
/// whenever it changes. Steps are counted over the whole run from 1.
/// </summary>
internal sealed class TensorBoardProgress(IProgressSink inner, TensorBoardLog log, TraceRecorder trace, int batchSize, long samplesPerEpoch) : IProgressSink
{
    private long batches;
    private int epoch;
    private double previousLossSum;
    private long previousSamples;
    private long step;

    public void EpochStarted(int epoch, int epochs, long batches)
    {
        this.epoch = epoch;
        this.batches = batches;
        previousLossSum = 0;
        previousSamples = 0;
        inner.EpochStarted(epoch, epochs, batches);
    }

    public void Batch(EpochRunner.Progress progress)
    {
        // The progress carries the epoch's running mean: the step's own loss is what it added.
        step = (epoch - 1) * batches + progress.Batch;
        var samples = Math.Min(progress.Batch * batchSize, samplesPerEpoch);
        var lossSum = progress.Loss * samples;
        if (samples > previousSamples) log.Scalar(TensorBoardTags.TrainLoss, (lossSum - previousLossSum) / (samples - previousSamples), step);
        log.Scalar(TensorBoardTags.TrainSamplesPerSec, progress.SamplesPerSec, step);
        (previousLossSum, previousSamples) = (lossSum, samples);
        inner.Batch(progress);
    }

    public void EpochDone(EpochStats stats, int epochs)
    {
        var last = stats.Epoch * batches;
        log.Scalar(TensorBoardTags.EpochLoss, stats.Loss, last);
        if (stats.TrainAccuracy is double train) log.Scalar(TensorBoardTags.EpochTrainAccuracy, train, last);
        if (stats.TestAccuracy is double test) log.Scalar(TensorBoardTags.EpochTestAccuracy, test, last);
        if (stats.TestLoss is double testLoss) log.Scalar(TensorBoardTags.EpochTestLoss, testLoss, last);
        DevicePhases(last - batches + 1, last);
        log.Flush();
        inner.EpochDone(stats, epochs);
    }

    /// <summary>Each device's mean ms per step in forward, backward, transfer and idle over steps <paramref name="first"/>..<paramref name="last"/>.</summary>
    private void DevicePhases(long first, long last)
    {
        var spans = trace.Spans.Where(s => s.Step >= first && s.Step <= last && s.Phase != Phase.Step);
        foreach (var device in spans.GroupBy(s => s.Track))
        {
            var steps = Math.Max(1, device.Select(s => s.Step).Distinct().Count());
            double Ms(params Phase[] phases) => device.Where(s => phases.Contains(s.Phase)).Sum(s => s.DurationUs) / 1000 / steps;
            log.Scalar(TensorBoardTags.Device(device.Key, TensorBoardTags.Forward), Ms(Phase.Forward), last);
            log.Scalar(TensorBoardTags.Device(device.Key, TensorBoardTags.Backward), Ms(Phase.Backward), last);
            log.Scalar(TensorBoardTags.Device(device.Key, TensorBoardTags.Transfer), Ms(Phase.GradientUpload, Phase.WeightsDownload, Phase.GradientCollect, Phase.Broadcast), last);
            log.Scalar(TensorBoardTags.Device(device.Key, TensorBoardTags.Idle), Ms(Phase.Idle), last);
        }
    }

    public void Message(string line) => inner.Message(line);

    public void Workers(int live)
    {
        log.Scalar(TensorBoardTags.LiveWorkers, live, Math.Max(step, 0));
        inner.Workers(live);
    }
}

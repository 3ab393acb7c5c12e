using Trainer.Shared.Data;
using Trainer.Coordinator.Actors;
using Trainer.Coordinator.Checkpoints;
using Trainer.Coordinator.Telemetry;
using Trainer.Coordinator.Training;
using Trainer.Shared.Telemetry;
using Trainer.Worker;

namespace Trainer.Coordinator.DataParallel;

/// <summary>
/// `train` over several devices, for any job: the single-device run's data, model, optimizer,
/// progress display and outputs (model.pt, summary.json), with each global batch trained by a
/// <see cref="DataParallelTrainer"/>; trace.json holds every device's timeline. With
/// --checkpoint-dir it writes checkpoints between steps; with --resume (or
/// <c>resume</c>) it starts where a checkpoint stood.
/// </summary>
internal static class DataParallelRun
{
    /// <param name="remote">The cluster's devices (their stand-ins), or null for devices in this process.</param>
    /// <param name="trace">The run's recorder, when its clock must start earlier (the cluster's, whose workers' clocks are probed from their join); else a new one.</param>
    /// <param name="remoteTelemetry">The cluster's: the workers' spans, traffic and clocks, for summary.json and trace.json.</param>
    /// <param name="resume">A checkpoint to continue from, already found (the coordinator reads it before workers join); null: --resume's, if given.</param>
    /// <exception cref="DevicesLostException">A cluster run lost every device; its state is in the exception's checkpoint.</exception>
    internal static TrainingRun.Summary Run(TrainingJob job, TrainOptions options, IReadOnlyList<DeviceSpec> devices, IProgressSink progress, RemoteDevices? remote = null,
        TraceRecorder? trace = null, IRemoteTelemetry? remoteTelemetry = null, Checkpoint? resume = null, JobData? data = null)
    {
        var mode = DataParallelModes.Parse(options.Mode);
        var balance = ShardBalances.Parse(options.Balance);
        if (options.Threads is int threads) torch.set_num_threads(threads);
        // The cluster's coordinator made the data already (its fingerprint is the join check's).
        using var owned = data is null ? new JobData(job) : null;
        data ??= owned!;
        torch.manual_seed((long)options.Seed);
        trace ??= new TraceRecorder();
        var samples = data.Train.Count;
        var batches = EpochRunner.Batches(samples, options.BatchSize);
        resume ??= options.Checkpoints?.Resume is string from ? CheckpointReader.Newest(from, progress.Message) : null;
        if (resume is not null) RunCheckpoints.CheckSameRun(resume, job, options, samples, batches);

        using var dp = DataParallelTrainer.Create(new DataParallelOptions(
            resume is null ? job.Model : RunCheckpoints.ModelFactory(job.Model, resume),
            job.Loss,
            job.Optimizer,
            devices,
            data.Train,
            mode, trace, options.Failure, Balance: balance, Remote: remote, StepDeadline: options.StepDeadline));
        using var testLoss = data.Test is null ? null : job.Loss();

        var names = devices.Select(d => d.Name).ToArray();
        progress.Message($"training the job {job.Name} on {string.Join(",", names)} ({mode.Name()}, {balance.Name()} shards, one thread per CPU replica): "
            + $"{samples} samples, batch {options.BatchSize}");
        var start = resume?.Progress;
        if (resume is not null)
        {
            RunCheckpoints.LoadOptimizers(dp, resume);
            progress.Message($"resumed from {resume.Folder}: epoch {start!.Epoch}, batch {start.BatchInEpoch} of {batches}, {start.StepsApplied} steps applied");
        }
        var epochs = new List<EpochStats>(start?.Epochs ?? []);
        var checkpoints = new RunCheckpointer(job, options, dp, samples, batches, start?.StepsApplied ?? 0, epochs);
        var reported = 0;
        var (epoch, done, order) = (start?.Epoch ?? 1, start?.BatchInEpoch ?? 0, Array.Empty<long>());
        try
        {
            for (; epoch <= options.Epochs; epoch++, done = 0)
            {
                order = SampleOrder.Shuffled(samples, options.Seed, epoch - 1);
                progress.EpochStarted(epoch, options.Epochs, batches);
                var segments = new EpochSegments((int)done, b => checkpoints.Due(epoch, b), b =>
                {
                    progress.Message($"checkpoint {checkpoints.Write(checkpoints.Writer!, epoch, b, order).Folder} (step {checkpoints.GlobalStep(epoch, b)})");
                    RunCheckpointer.PauseForTests();
                });
                var r = dp.RunEpoch(order, options.BatchSize, p =>
                {
                    done = p.Batch;
                    for (; reported < dp.Failures.Count; reported++) progress.Message($"device failure: {dp.Failures[reported]}; its work was redone on the others");
                    progress.Batch(new EpochRunner.Progress(p.Batch, p.Batches, p.Loss, data.ClassIndices ? p.Accuracy : null, p.SamplesPerSec));
                }, segments);
                var test = data.Test is null ? ((double, double?)?)null
                    : EpochRunner.Evaluate(dp.MasterModel, testLoss!, data.Test, TrainingRun.EvalBatch(options), torch.CPU, data.ClassIndices);
                var stats = new EpochStats(epoch, r.Loss, data.ClassIndices ? r.Accuracy : null, test?.Item2, r.SamplesPerSec, r.Seconds, test?.Item1);
                epochs.Add(stats);
                progress.EpochDone(stats, options.Epochs);
            }
        }
        catch (AllDevicesFailedException e) when (remote is not null)
        {
            // The coordinator steps the master only once every shard of a step is summed, so the
            // step that found no device was never applied: the master holds the steps done so far.
            var writer = checkpoints.Writer ?? new CheckpointWriter(Directory.CreateTempSubdirectory("trainer-devices-lost-").FullName);
            throw new DevicesLostException(checkpoints.Write(writer, epoch, done, order), checkpoints.Writer is not null, e);
        }

        remoteTelemetry?.Gather();
        var timings = DeviceTiming.From(trace.Spans);
        if (remoteTelemetry is not null) timings = remoteTelemetry.Annotate(timings);
        var summary = TrainingRun.Summarize(job, options, epochs, checkpoints.StepsApplied, timings, 1, mode.Name(), dp.Failures.ToArray(),
            new SortedDictionary<string, long>(dp.SamplesByDevice.ToDictionary(), StringComparer.Ordinal), resume?.Progress.GlobalStep);
        if (options.Out is not null) progress.Message(RunOutputs.Write(options.Out, dp.MasterModel, summary, trace));
        return summary;
    }
}

using Trainer.Coordinator.DataParallel;
using Trainer.Coordinator.Training;
using Trainer.Shared.StateDict;
using TorchSharp.PyBridge;

namespace Trainer.Coordinator.Checkpoints;

/// <summary>
/// What a data-parallel run (embedded or on the cluster) puts in a checkpoint and takes back
/// from one: the master's state_dict as model.pt (PyTorch's format and names, like --out's),
/// the master optimizer's state in PyTorch's format (PyBridge's save_py: one file, or one per
/// lane when CPU replicas step a sharded master), and the progress.
/// </summary>
internal static class RunCheckpoints
{
    /// <summary>The optimizer files of a master with <paramref name="count"/> optimizers.</summary>
    public static string[] OptimizerFileNames(int count) =>
        count == 1 ? ["optimizer.pt"] : Enumerable.Range(0, count).Select(k => $"optimizer-lane{k}.pt").ToArray();

    /// <summary>Writes the master's weights and optimizer state into <paramref name="folder"/>; the trainer must be between steps.</summary>
    public static void WriteFiles(string folder, DataParallelTrainer dp)
    {
        PyTorchStateDict.Save(dp.MasterModel, Path.Combine(folder, Checkpoint.ModelFileName));
        var optimizers = dp.MasterOptimizers;
        var names = OptimizerFileNames(optimizers.Count);
        for (var i = 0; i < optimizers.Count; i++) Helper(optimizers[i]).save_py(Path.Combine(folder, names[i]));
    }

    /// <summary>A model factory whose models start from the checkpoint's weights (the master; replicas are overwritten by it anyway).</summary>
    public static Func<Model> ModelFactory(Func<Model> create, Checkpoint checkpoint) => () =>
    {
        var model = create();
        try
        {
            PyTorchStateDict.Load(model, checkpoint.ModelFile);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    };

    /// <summary>Loads the checkpoint's optimizer state into the master's optimizers (same count, same order).</summary>
    public static void LoadOptimizers(DataParallelTrainer dp, Checkpoint checkpoint)
    {
        var optimizers = dp.MasterOptimizers;
        var files = checkpoint.OptimizerFiles.ToList();
        if (files.Count != optimizers.Count)
            throw new ArgumentException($"--resume {checkpoint.Folder}: it holds {files.Count} optimizer state file(s) and this run's master has {optimizers.Count} "
                + "(a CPU run keeps one optimizer lane per device: resume with the same --devices)");
        for (var i = 0; i < files.Count; i++) Helper(optimizers[i]).load_py(files[i]);
    }

    /// <summary>Refuses a checkpoint of another run: other options, another data set or order.</summary>
    public static void CheckSameRun(Checkpoint checkpoint, TrainingJob job, TrainOptions options, long samples, long batchesPerEpoch)
    {
        var p = checkpoint.Progress;
        var where = $"--resume {Path.GetDirectoryName(checkpoint.Folder)}";
        var identity = JobIdentity(job);
        if (p.Model != identity) throw new ArgumentException($"{where}: the checkpoint is of {p.Model}, this run trains {identity}");
        if (p.BatchSize != options.BatchSize) throw new ArgumentException($"{where}: the checkpoint was written with --batch-size {p.BatchSize}, this run has {options.BatchSize}");
        if (p.Seed != options.Seed) throw new ArgumentException($"{where}: the checkpoint was written with --seed {p.Seed}, this run has {options.Seed}");
        if (p.Samples != samples) throw new ArgumentException($"{where}: the checkpoint's training data has {p.Samples} samples, this run's {samples}");
        if (p.BatchesPerEpoch != batchesPerEpoch || p.Epoch < 1 || p.BatchInEpoch < 0 || p.BatchInEpoch > p.BatchesPerEpoch)
            throw new InvalidDataException($"{where}: the checkpoint's position (epoch {p.Epoch}, batch {p.BatchInEpoch} of {p.BatchesPerEpoch}) does not fit this run's {batchesPerEpoch} batches per epoch");
        if (p.Epoch > options.Epochs) throw new ArgumentException($"{where}: the checkpoint is in epoch {p.Epoch}, past this run's --epochs {options.Epochs}");
        var head = OrderHead(samples, options.Seed, p.Epoch);
        if (!head.SequenceEqual(p.OrderHead)) throw new ArgumentException($"{where}: epoch {p.Epoch}'s sample order differs from the checkpoint's (another data set or seed)");
    }

    /// <summary>What a checkpoint records of its job (its "model"): the name and the model's description; a resume must match it.</summary>
    public static string JobIdentity(TrainingJob job) => $"{job.Name}: {TrainingRun.ModelDescription(job)}";

    /// <summary>The first indices of epoch <paramref name="epoch"/>'s order (<see cref="CheckpointProgress.OrderHead"/>).</summary>
    public static long[] OrderHead(long samples, int seed, int epoch) => OrderHead(Trainer.Shared.Data.SampleOrder.Shuffled(samples, seed, epoch - 1));

    public static long[] OrderHead(long[] order) => order.Take(CheckpointProgress.OrderHeadLength).ToArray();

    private static OptimizerHelper Helper(Optimizer optimizer) => optimizer as OptimizerHelper
        ?? throw new ArgumentException($"the optimizer {optimizer.GetType().Name} cannot be saved in PyTorch's format");
}

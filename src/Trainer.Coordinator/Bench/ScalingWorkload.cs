using System.Globalization;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// What one cell of `bench scaling` trains, at each of the --batch sizes: a job. Either the
/// book's MLP at a hidden size (<see cref="Mlp"/>: the cells the benchmark always had, labelled
/// "hidden H", <see cref="Job"/> null), or any job (the app's own, or the book's LeNet), labelled
/// by its name. Every system builds it from here: Trainer in this process from <see cref="Build"/>,
/// the cluster's workers and the plain loop's processes from <see cref="Arguments"/> (the job's
/// own options, given to this same executable), PyTorch from <see cref="PyTorchModel"/>.
/// </summary>
/// <param name="Job">The job's name (its cells' label and scaling.csv's workload column); null for the book's MLP cells.</param>
/// <param name="Hidden">The MLP's hidden size (0 for a job cell).</param>
/// <param name="Build">Makes the job, in this process.</param>
/// <param name="Arguments">The job's options that rebuild it in a child process of this executable (`worker`, `bench job-loop-peer`).</param>
/// <param name="PyTorchModel">pytorch_scaling.py's --model for it; null: PyTorch has no script for this workload.</param>
/// <param name="TrainCount">Samples in its training set: one epoch is TrainCount / batch steps.</param>
public sealed record ScalingWorkload(string? Job, int Hidden, Func<TrainingJob> Build, IReadOnlyList<string> Arguments, string? PyTorchModel, long TrainCount)
{
    public const string MlpModel = "mlp", CnnModel = "cnn";

    /// <summary>"hidden 256" for an MLP cell, else the job's name: the table's, the checks' and the figure's label.</summary>
    public string Label => Job ?? $"hidden {Hidden}";

    /// <summary>The book's MLP (784-H-10, SGD lr 0.1) on Fashion-MNIST, as `trainer --hidden H` trains it.</summary>
    public static ScalingWorkload Mlp(int hidden, string dataRoot) =>
        new(null, hidden, () => Book.BookJobs.Create(MlpModel, hidden, dataRoot: dataRoot),
            ["--data", dataRoot, "--hidden", hidden.ToString(CultureInfo.InvariantCulture)], MlpModel, ScalingOptions.FashionMnistTrainCount);
}

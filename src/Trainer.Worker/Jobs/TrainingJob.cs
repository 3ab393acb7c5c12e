namespace Trainer;

/// <summary>
/// A training job: everything the harness needs to rebuild it on any node. Each factory is
/// called where its result is used (the model on every device's thread and once for the master,
/// the data on every node), so nothing native crosses a thread or a machine: a cluster's
/// coordinator and workers all run the same executable and build the same job, as torchrun runs
/// one script on every node. Hand it to <c>TrainerApp.Run(args, job)</c>.
/// <code>
/// var job = new TrainingJob
/// {
///     Name = "fashion-cnn",
///     Model = () => nn.Sequential(/* ... */),
///     Loss = () => nn.CrossEntropyLoss(),
///     Optimizer = p => optim.SGD(p, 0.05, momentum: 0.9),
///     TrainData = () => new TensorBatchSource(x, y),
///     TestData = () => new TensorBatchSource(xt, yt),
/// };
/// return TrainerApp.Run(args, job);
/// </code>
/// </summary>
public sealed class TrainingJob
{
    /// <summary>The job's name: in summary.json, checkpoints and the join check (a worker of another job is refused).</summary>
    public required string Name { get; init; }

    /// <summary>Makes a fresh model. Seeded before the master's call, so its initial weights follow --seed; replicas take the master's weights.</summary>
    public required Func<nn.Module<Tensor, Tensor>> Model { get; init; }

    /// <summary>Makes the loss: (output, target) to a scalar mean over the batch, as TorchSharp's losses reduce by default.</summary>
    public required Func<nn.Module<Tensor, Tensor, Tensor>> Loss { get; init; }

    /// <summary>Makes the optimizer over the parameters it is given (the master's, or a replica's in all-reduce mode).</summary>
    public required Func<IEnumerable<Parameter>, optim.Optimizer> Optimizer { get; init; }

    /// <summary>Makes the training data on each node (disposed by the harness when it is <see cref="IDisposable"/>).</summary>
    public required Func<IBatchSource> TrainData { get; init; }

    /// <summary>Makes the test data, evaluated after every epoch; null: no test figures.</summary>
    public Func<IBatchSource>? TestData { get; init; }

    /// <summary>How to rebuild the model elsewhere (summary.json's "model"), e.g. its PyTorch definition; null: the job's parameters are listed instead.</summary>
    public string? Description { get; init; }

    /// <summary>What was done to the inputs before the model saw them (summary.json's "input"), so that model.pt can be used elsewhere; any JSON-serializable value.</summary>
    public object? Input { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first missing or malformed part.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("the job needs a Name");
        if (Name.Any(c => char.IsControl(c)) || Name.Length > 200) throw new ArgumentException($"the job's Name must be at most 200 printable characters, got '{Name}'");
        if (Model is null) throw new ArgumentException($"job {Name}: Model is null");
        if (Loss is null) throw new ArgumentException($"job {Name}: Loss is null");
        if (Optimizer is null) throw new ArgumentException($"job {Name}: Optimizer is null");
        if (TrainData is null) throw new ArgumentException($"job {Name}: TrainData is null");
    }
}

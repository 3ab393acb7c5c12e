using System.CommandLine;
using Trainer.Shared.Data;

namespace Trainer.Coordinator.Book;

/// <summary>
/// The book's nets on Fashion-MNIST as jobs: what the `trainer` executable trains. They are
/// examples of <see cref="TrainingJob"/>, built only from its public parts, with four job options
/// of their own (--model, --hidden, --lr, --data) that any job may declare the same way.
/// </summary>
public static class BookJobs
{
    private static readonly Option<string> ModelOption = new("--model") { Description = $"The book's net to train: {BookModel.Names} (mlp: the concise MLP; tied: one hidden layer used twice; dynamic: a middle layer reused 0-3 times per forward; cnn: LeNet, SGD with momentum 0.9, --hidden unused).", DefaultValueFactory = _ => "mlp" };
    private static readonly Option<int> HiddenOption = new("--hidden") { Description = "Width of the net's hidden layer(s).", DefaultValueFactory = _ => 256 };
    private static readonly Option<double> LrOption = new("--lr") { Description = "SGD learning rate.", DefaultValueFactory = _ => 0.1 };
    private static readonly Option<string?> DataOption = new("--data") { Description = $"Folder of the Fashion-MNIST .gz files (default {FashionMNIST.DefaultRoot}); every node needs the same files." };

    /// <summary>The job options the book's jobs read: give them to <see cref="TrainerApp.Run(string[], Func{JobArguments, TrainingJob}, Option[])"/>.</summary>
    public static Option[] Options => [ModelOption, HiddenOption, LrOption, DataOption];

    /// <summary>The job the command line names (with <see cref="Options"/>).</summary>
    public static TrainingJob FromArguments(JobArguments arguments) =>
        Create(arguments.Get(ModelOption) ?? "mlp", arguments.Get(HiddenOption), arguments.Get(LrOption), arguments.Get(DataOption), arguments.Seed);

    /// <summary>
    /// The book's net <paramref name="model"/> (mlp, tied or dynamic) of width <paramref name="hidden"/>,
    /// cross-entropy, SGD at <paramref name="lr"/>, on Fashion-MNIST's train and test splits.
    /// </summary>
    public static TrainingJob Create(string model = "mlp", int hidden = 256, double lr = 0.1, string? dataRoot = null, int seed = 0)
    {
        if (hidden < 1) throw new ArgumentException($"--hidden must be at least 1, got {hidden}");
        if (!(lr > 0) || double.IsInfinity(lr)) throw new ArgumentException($"--lr must be a positive number, got {lr}");
        var net = BookModel.Parse(model, hidden, seed);
        return new TrainingJob
        {
            Name = $"book-{net.Name}",
            Model = net.Create,
            Loss = () => nn.CrossEntropyLoss(),
            // The LeNet trains with momentum 0.9, as the book's chapter 7 and examples/FashionCnn do.
            Optimizer = net.Name == "cnn" ? p => optim.SGD(p, lr, momentum: 0.9) : p => optim.SGD(p, lr),
            TrainData = () => new FashionMnistSource(dataRoot, train: true),
            TestData = () => new FashionMnistSource(dataRoot, train: false),
            Description = net.Description,
            Input = Training.InputPreprocessing.FashionMnist,
        };
    }
}

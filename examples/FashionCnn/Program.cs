// A user's own training job, as Trainer runs it everywhere: `FashionCnn train` on this
// machine's devices, `FashionCnn coordinator` and `FashionCnn worker` for a cluster, and every
// other command of `trainer` (checkpoints, --resume, summary.json, trace.json, bench).
using System.CommandLine;
using Trainer;
using Trainer.Shared.Data;
using TorchSharp;
using static TorchSharp.torch;

// The job's own options: every node is given the same values, as torchrun gives every node the
// same script arguments (a worker whose job differs is refused when it joins).
var data = new Option<string?>("--data") { Description = $"Folder of the Fashion-MNIST .gz files (default {FashionMNIST.DefaultRoot})." };
var width = new Option<int>("--width") { Description = "Channels of the first convolution (the second has 16/6 as many).", DefaultValueFactory = _ => 6 };
var lr = new Option<double>("--lr") { Description = "SGD learning rate (momentum 0.9).", DefaultValueFactory = _ => 0.05 };

return TrainerApp.Run(args, a => FashionCnn.Job(a.Get(data), a.Get(width), a.Get(lr)), data, width, lr);

static class FashionCnn
{
    /// <summary>LeNet-5 with ReLU and max pooling (the book's chapter 7), for 1x28x28 inputs and ten classes.</summary>
    public static nn.Module<Tensor, Tensor> LeNet(int width)
    {
        var second = width * 16 / 6;
        return nn.Sequential(
            nn.Conv2d(1, width, 5, padding: 2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(width, second, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(second * 5 * 5, 120), nn.ReLU(),
            nn.Linear(120, 84), nn.ReLU(),
            nn.Linear(84, 10));
    }

    public static TrainingJob Job(string? root, int width, double lr)
    {
        if (width < 1) throw new ArgumentException($"--width must be at least 1, got {width}");
        return new TrainingJob
        {
            Name = "fashion-cnn",
            Model = () => LeNet(width),
            Loss = () => nn.CrossEntropyLoss(),
            Optimizer = p => optim.SGD(p, lr, momentum: 0.9),
            // Called on every node: each reads its own copy of the files.
            TrainData = () => Split(root, train: true),
            TestData = () => Split(root, train: false),
            Description = $"LeNet: Sequential(Conv2d(1, {width}, 5, padding=2), ReLU(), MaxPool2d(2), Conv2d({width}, {width * 16 / 6}, 5), ReLU(), MaxPool2d(2), "
                + $"Flatten(), Linear({width * 16 / 6 * 25}, 120), ReLU(), Linear(120, 84), ReLU(), Linear(84, 10))",
        };
    }

    /// <summary>
    /// One split from its IDX files as standardized pixels [N, 1, 28, 28] and class indices. Its
    /// fingerprint is the files' SHA-256: a worker holding other files is refused at join.
    /// </summary>
    private static IBatchSource Split(string? root, bool train)
    {
        root ??= FashionMNIST.DefaultRoot;
        var prefix = train ? "train" : "t10k";
        return new IdxBatchSource(Path.Combine(root, $"{prefix}-images-idx3-ubyte.gz"), Path.Combine(root, $"{prefix}-labels-idx1-ubyte.gz"),
            scale: 1 / 255f, transform: x => ((x - FashionMNIST.PixelMean) / FashionMNIST.PixelStd).unsqueeze(1));
    }
}

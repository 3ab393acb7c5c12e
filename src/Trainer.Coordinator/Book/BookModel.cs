using Trainer.Shared.Modules;

namespace Trainer.Coordinator.Book;

/// <summary>
/// The book's nets that `trainer train --model` offers on Fashion-MNIST (inputs [N, 1, 28, 28],
/// ten classes), each with the description summary.json records so that a user can rebuild it in
/// PyTorch and load model.pt into it.
/// </summary>
internal sealed record BookModel(string Name, string Description, Func<Model> Create)
{
    public const string Names = "mlp, tied, dynamic or cnn";

    /// <summary>The net named <paramref name="name"/> with a hidden width of <paramref name="hidden"/>.</summary>
    public static BookModel Parse(string name, long hidden, int seed) => name.Trim().ToLowerInvariant() switch
    {
        // The concise MLP of chapter 4, the default.
        "mlp" => new BookModel("mlp", $"Sequential(Flatten(), Linear(784, {hidden}), ReLU(), Linear({hidden}, 10))",
            () => ConciseMlp.Create(hidden)),
        // Chapter 5's tied parameters: one hidden Linear used twice (indices 3 and 5 are one layer).
        "tied" => new BookModel("tied",
            $"shared = Linear({hidden}, {hidden}); Sequential(Flatten(), Linear(784, {hidden}), ReLU(), shared, ReLU(), shared, ReLU(), Linear({hidden}, 10))",
            () =>
            {
                var shared = nn.Linear(hidden, hidden);
                return nn.Sequential(nn.Flatten(), nn.Linear(784, hidden), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(hidden, 10));
            }),
        // The PyTorch tour's DynamicNet: the middle layer reused 0-3 times per forward.
        "dynamic" => new BookModel("dynamic",
            $"DynamicNet(input_linear=Linear(784, {hidden}), middle_linear=Linear({hidden}, {hidden}) used 0-3 times per forward, output_linear=Linear({hidden}, 10)), inputs flattened, uses seeded by {seed} and each batch (Trainer.Shared.Modules.ReusedLayerNet)",
            () => new ReusedLayerNet(784, hidden, 10, seed)),
        // Chapter 7's LeNet (ReLU, max pooling), as examples/FashionCnn at --width 6 and pytorch_scaling.py --model cnn; --hidden does not apply.
        "cnn" => new BookModel("cnn",
            "LeNet: Sequential(Conv2d(1, 6, 5, padding=2), ReLU(), MaxPool2d(2), Conv2d(6, 16, 5), ReLU(), MaxPool2d(2), Flatten(), Linear(400, 120), ReLU(), Linear(120, 84), ReLU(), Linear(84, 10))",
            () => nn.Sequential(
                nn.Conv2d(1, 6, 5, padding: 2), nn.ReLU(), nn.MaxPool2d(2),
                nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(),
                nn.Linear(400, 120), nn.ReLU(),
                nn.Linear(120, 84), nn.ReLU(),
                nn.Linear(84, 10))),
        _ => throw new ArgumentException($"--model {name}: unknown model (expected {Names})"),
    };
}

using System.Text.Json.Serialization;
using Trainer.Shared.Data;

namespace Trainer.Coordinator.Training;

/// <summary>
/// What was done to the pixels before the model saw them, recorded in summary.json so that a user
/// holding only model.pt reproduces the reported accuracy: without it, PyTorch on raw [0, 1]
/// pixels scored 71% on a model Trainer reported at 84%. In PyTorch terms:
/// <c>x = images.float().div(scale_divisor).sub(mean).div(std).reshape(-1, *shape)</c>.
/// </summary>
public sealed record InputPreprocessing(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape,
    [property: JsonPropertyName("scale_divisor")] double ScaleDivisor,
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("std")] double Std)
{
    /// <summary>Fashion-MNIST as the book's jobs (<see cref="Book.FashionMnistSource"/>) feeds it: uint8 / 255, standardized with the training set's mean and std.</summary>
    public static InputPreprocessing FashionMnist { get; } = new("Fashion-MNIST", [1, 28, 28], 255, FashionMNIST.PixelMean, FashionMNIST.PixelStd);
}

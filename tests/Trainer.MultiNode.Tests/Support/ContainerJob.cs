namespace Trainer.MultiNode.Tests.Support;

/// <summary>
/// What a <see cref="ContainerCluster"/>'s containers run: an image of one training executable
/// (deploy/Dockerfile's APP) and that job's own options, which every node is given, coordinator
/// and workers alike (a worker whose job differs is refused at join).
/// </summary>
internal sealed record ContainerJob(string Image, string[] Options)
{
    /// <summary>The book's `trainer`: the MLP, hidden 32, seed 7.</summary>
    public static ContainerJob Book { get; } = new(DockerEnvironment.Image, ["--hidden", "32", "--seed", "7", "--lr", "0.05"]);

    /// <summary>A user's job, examples/FashionCnn, with its default options (a LeNet of width 6, lr 0.05).</summary>
    public static ContainerJob FashionCnn { get; } = new(DockerEnvironment.FashionCnnImage, []);

    /// <summary>The run's own options (the coordinator's or `train`'s, not the workers'): 128 steps of 32.</summary>
    public static string[] RunOptions { get; } = ["--epochs", "1", "--batch-size", "32"];

    /// <summary>The run's options, then the job's: a coordinator's or `train`'s command line.</summary>
    public string[] Training => [.. RunOptions, .. Options];
}

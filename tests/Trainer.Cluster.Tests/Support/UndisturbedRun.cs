namespace Trainer.Cluster.Tests.Support;

/// <summary>
/// A class fixture: the data of <see cref="TrainingCluster"/> and the model `trainer train
/// --devices cpu:0` trains on it with the same options, computed once for the tests that compare
/// a disturbed one-worker cluster run against it.
/// </summary>
public sealed class UndisturbedRun : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-undisturbed-").FullName;

    public UndisturbedRun()
    {
        Data = TrainingCluster.WriteData(Path.Combine(dir, "data"));
        ModelPath = TrainingCluster.TrainEmbedded(Data, Path.Combine(dir, "embedded"), "cpu:0");
    }

    public string Data { get; }

    public string ModelPath { get; }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}

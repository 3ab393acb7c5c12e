
namespace Trainer.Coordinator.Training;

/// <summary>
/// A run's data, made from its job on this node: the training source, the test source if the
/// job has one, and whether the targets are class indices (int64, one per sample), which is when
/// the run reports accuracy. Disposes the sources the job made.
/// </summary>
internal sealed class JobData : IDisposable
{
    public IBatchSource Train { get; }
    public IBatchSource? Test { get; }
    public bool ClassIndices { get; }

    public JobData(TrainingJob job)
    {
        Train = job.TrainData() ?? throw new ArgumentException($"job {job.Name}: TrainData returned no source");
        try
        {
            if (Train.Count < 1) throw new ArgumentException($"job {job.Name}: the training data is empty");
            Test = job.TestData?.Invoke();
            ClassIndices = AreClassIndices(Train);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private static bool AreClassIndices(IBatchSource source)
    {
        using var scope = torch.NewDisposeScope();
        var (_, y) = source.Gather([0]);
        return y.dtype == ScalarType.Int64 && y.dim() == 1;
    }

    public void Dispose()
    {
        (Train as IDisposable)?.Dispose();
        (Test as IDisposable)?.Dispose();
    }
}

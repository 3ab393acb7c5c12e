using Trainer.Worker.Jobs;

namespace Trainer.Coordinator.Tests.Jobs;

/// <summary>What a joining worker is compared on: the job's name, its parameters in order, and its data's fingerprint (the source's own, or a hash of every row).</summary>
[Collection(LiveTensors.Name)]
public sealed class JobSignatureTests
{
    private sealed class Fingerprinted(IBatchSource rows, string fingerprint) : IBatchSource
    {
        public long Count => rows.Count;
        public (Tensor x, Tensor y) Gather(long[] indices) => rows.Gather(indices);
        public string? Fingerprint => fingerprint;
    }

    [Fact]
    public void DataFingerprintOf_RowsHashed_EqualForEqualRowsAndDifferentForOneValue()
    {
        using var x = torch.arange(0, 5000 * 3, dtype: ScalarType.Float32).reshape(5000, 3);
        using var y = torch.arange(0, 5000, dtype: ScalarType.Int64);
        using var same = x.clone();
        using var other = x.clone();
        other[4321, 2] = torch.tensor(-1f);

        var ours = JobSignature.DataFingerprintOf(new TensorBatchSource(x, y));
        Assert.StartsWith("rows:5000:sha256:", ours);
        Assert.Equal(ours, JobSignature.DataFingerprintOf(new TensorBatchSource(same, y)));
        Assert.NotEqual(ours, JobSignature.DataFingerprintOf(new TensorBatchSource(other, y)));
        Assert.Equal("mine", JobSignature.DataFingerprintOf(new Fingerprinted(new TensorBatchSource(x, y), "mine")));
    }

    [Fact]
    public void Of_Job_ListsNameParametersInOrderAndDataCount()
    {
        using var x = torch.zeros(10, 4);
        using var y = torch.zeros(10, 1);
        var job = new TrainingJob
        {
            Name = "tiny",
            Model = () => nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1)),
            Loss = () => nn.MSELoss(),
            Optimizer = p => optim.SGD(p, 0.1),
            TrainData = () => new TensorBatchSource(x, y),
        };

        var spec = JobSignature.Of(job, job.TrainData());

        Assert.Equal("tiny", spec.Name);
        Assert.Equal(10, spec.DataCount);
        Assert.Equal(["0.weight:3,4:Float32", "0.bias:3:Float32", "2.weight:1,3:Float32", "2.bias:1:Float32"],
            spec.Parameters.Select(p => $"{p.Name}:{string.Join(",", p.Shape)}:{p.Dtype}"));
        Assert.Null(JobSignature.Difference(spec, spec.Clone()));
    }
}

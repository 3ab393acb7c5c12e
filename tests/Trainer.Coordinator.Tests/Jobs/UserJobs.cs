namespace Trainer.Coordinator.Tests.Jobs;

/// <summary>
/// Jobs a user might bring, on synthetic data made here (deterministic, small): a regression
/// (MSE, float targets: no accuracy), a classifier with SGD + momentum or Adam. Each owns its
/// tensors for the test's lifetime; the job's factories make sources over them on every call.
/// </summary>
internal sealed class UserJobs : IDisposable
{
    private readonly Tensor regressionX, regressionY, regressionTestX, regressionTestY;
    private readonly Tensor classX, classY;

    public UserJobs()
    {
        using var generator = new torch.Generator(11);
        regressionX = torch.randn([600, 8], generator: generator).DetachFromDisposeScope();
        using (var w = torch.randn([8, 1], generator: generator))
        using (var noise = torch.randn([600, 1], generator: generator))
            regressionY = (regressionX.matmul(w) + 0.1 * noise).DetachFromDisposeScope();
        regressionTestX = regressionX.narrow(0, 0, 100).clone().DetachFromDisposeScope();
        regressionTestY = regressionY.narrow(0, 0, 100).clone().DetachFromDisposeScope();
        classX = torch.randn([512, 1, 6, 6], generator: generator).DetachFromDisposeScope();
        // Labels a small net can learn: the sign pattern of two pixel sums.
        using (var flat = classX.flatten(1))
        using (var left = flat.narrow(1, 0, 18).sum(1))
        using (var right = flat.narrow(1, 18, 18).sum(1))
            classY = ((left > 0).to(ScalarType.Int64) * 2 + (right > 0).to(ScalarType.Int64)).DetachFromDisposeScope();
    }

    public TrainingJob Regression(double lr = 0.05) => new()
    {
        Name = "regression",
        Model = () => nn.Sequential(nn.Linear(8, 16), nn.Tanh(), nn.Linear(16, 1)),
        Loss = () => nn.MSELoss(),
        Optimizer = p => optim.SGD(p, lr),
        TrainData = () => new TensorBatchSource(regressionX, regressionY),
        TestData = () => new TensorBatchSource(regressionTestX, regressionTestY),
    };

    public TrainingJob Classifier(Func<IEnumerable<Parameter>, Optimizer> optimizer, string name = "classifier") => new()
    {
        Name = name,
        Model = () => nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 4, 4)),
        Loss = () => nn.CrossEntropyLoss(),
        Optimizer = optimizer,
        TrainData = () => new TensorBatchSource(classX, classY),
    };

    public void Dispose()
    {
        foreach (var t in new[] { regressionX, regressionY, regressionTestX, regressionTestY, classX, classY }) t.Dispose();
    }
}

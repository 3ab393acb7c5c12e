using static Trainer.Torch.torch.nn;

namespace Trainer.Torch.Tests.Readme;

/// <summary>The README's code, line for line, with the outputs it claims.</summary>
[Collection(NativeState.Name)]
public sealed class ReadmeExamplesTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-readme-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void FirstTensor_PrintsWhatTheReadmeShows()
    {
        using var scope = NewDisposeScope();
        var x = arange(12).reshape(3, 4);
        Assert.Equal("tensor([[ 0,  1,  2,  3],\n        [ 4,  5,  6,  7],\n        [ 8,  9, 10, 11]])", x.ToString());
        var a = ones(new long[] { 2, 3 }, requires_grad: true);
        var y = (a * a * 3).sum();
        y.backward();
        Assert.Equal("tensor([[6., 6., 6.],\n        [6., 6., 6.]])", a.grad!.ToString());
        x[0, 0] = 42;
        Assert.Equal(new long[] { 48, 22, 38 }, x.sum(1, keepdim: true).ToArray<long>());
    }

    [Fact]
    public void ModelApi_RunsAsTheReadmeShows()
    {
        using var scope = NewDisposeScope();
        using var net = new Sequential(new Linear(20, 256), new ReLU(), new Linear(256, 10));
        Assert.Equal(new[] { "0.weight 256x20", "0.bias 256", "2.weight 10x256", "2.bias 10" },
            net.named_parameters().Select(np => $"{np.name} {string.Join("x", np.param.shape)}"));
        net.apply(m => { if (m is Linear l) init.xavier_uniform_(l.weight); });
        Assert.StartsWith("Sequential(\n  (0): Linear(in_features=20, out_features=256, bias=True)", net.ToString());

        var path = Path.Combine(dir, "mlp.params");
        save(net.state_dict(), path);
        using var clone = new Sequential(new Linear(20, 256), new ReLU(), new Linear(256, 10));
        clone.load_state_dict(load<OrderedDictionary<string, Tensor>>(path));
        var X = randn(2, 20);
        Assert.Equal(net.call(X).ToArray<float>(), clone.call(X).ToArray<float>());

        var shared = new Linear(8, 8);
        using var tied = new Sequential(new Linear(4, 8), new ReLU(), shared, new ReLU(), shared, new ReLU(), new Linear(8, 1));
        Assert.Equal(6, tied.parameters().Count());
        using var lazy = new LazyLinear(256);
        lazy.call(randn(2, 7));
        Assert.Equal(new long[] { 256, 7 }, lazy.weight.shape);

        using var optimizer = optim.SGD(net.parameters(), lr: 0.1, momentum: 0.9);
        using var loss = new CrossEntropyLoss();
        Assert.Equal(cuda.is_available() ? new Device("cuda:0") : Device.CPU, try_gpu(0));
    }
}

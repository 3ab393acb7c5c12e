using Trainer.Torch.Tests.NN;
using static Trainer.Torch.torch.nn;

namespace Trainer.Torch.Tests.Book;

/// <summary>Book ch. 5.5, file I/O: the MLP clone from a state_dict gives identical outputs.</summary>
public class FileIOTests
{
    [Fact]
    public void MlpClone_LoadStateDictAndEval_SameOutputs()
    {
        using var scope = NewDisposeScope();
        using var net = new MLP();
        var X = randn(2, 20);
        var Y = net.call(X);
        using var clone = new MLP();
        clone.load_state_dict(net.state_dict());
        clone.eval();
        Assert.Equal("MLP(\n  (hidden): Linear(in_features=20, out_features=256, bias=True)\n  (output): Linear(in_features=256, out_features=10, bias=True)\n)", clone.ToString());
        Assert.Equal(Y.ToArray<float>(), clone.call(X).ToArray<float>());
    }
}

/// <summary>Book ch. 5.5 with files: x, [x, y], {'x': x, 'y': y}, and the MLP clone through mlp.params, read by PyTorch too.</summary>
public sealed class FileIOSaveTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-nn-io-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Save_TensorListDict_LoadBack()
    {
        using var scope = NewDisposeScope();
        var x = arange(4);
        torch.save(x, Path.Combine(dir, "x-file"));
        Assert.Equal(new long[] { 0, 1, 2, 3 }, load<Tensor>(Path.Combine(dir, "x-file")).ToArray<long>());

        var y = zeros(new long[] { 4 });
        torch.save(new List<Tensor> { x, y }, Path.Combine(dir, "x-files"));
        var xy = load<List<Tensor>>(Path.Combine(dir, "x-files"));
        Assert.Equal(new long[] { 0, 1, 2, 3 }, xy[0].ToArray<long>());
        Assert.Equal(new float[] { 0, 0, 0, 0 }, xy[1].ToArray<float>());

        torch.save(new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y }, Path.Combine(dir, "mydict"));
        var mydict = load<Dictionary<string, Tensor>>(Path.Combine(dir, "mydict"));
        Assert.Equal(new[] { "x", "y" }, mydict.Keys.OrderBy(k => k));
        Assert.Equal(new long[] { 0, 1, 2, 3 }, mydict["x"].ToArray<long>());
    }

    [Fact]
    public void MlpClone_FromSavedStateDict_SameOutputsHereAndInPyTorch()
    {
        using var scope = NewDisposeScope();
        using var net = new MLP();
        var X = randn(2, 20);
        var Y = net.call(X);
        var path = Path.Combine(dir, "mlp.params");
        torch.save(net.state_dict(), path);

        using var clone = new MLP();
        clone.load_state_dict(load<OrderedDictionary<string, Tensor>>(path));
        clone.eval();
        Assert.Equal(Y.ToArray<float>(), clone.call(X).ToArray<float>());

        var theirs = PyTorch.Floats(
            "class MLP(nn.Module):\n    def __init__(self):\n        super().__init__()\n" +
            "        self.hidden = nn.Linear(20, 256)\n        self.output = nn.Linear(256, 10)\n" +
            "    def forward(self, x):\n        return self.output(F.relu(self.hidden(x)))\n" +
            $"clone = MLP()\nprint(clone.load_state_dict(torch.load('{path}')))\nclone.eval()\n" +
            $"print(json.dumps(clone({PyTorch.Literal(X)}).flatten().tolist()))");
        Close.Equal(Y.ToArray<float>(), theirs);
    }

    [Fact]
    public void Rgnet_StateDictFileFromPyTorch_LoadsWithSameOutputs()
    {
        using var scope = NewDisposeScope();
        var X = rand(2, 4);
        var path = Path.Combine(dir, "rgnet.params");
        var theirs = PyTorch.Floats(
            "def block1():\n    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU())\n" +
            "def block2():\n    net = nn.Sequential()\n    for i in range(4):\n        net.add_module(f'block {i}', block1())\n    return net\n" +
            $"rgnet = nn.Sequential(block2(), nn.Linear(4, 1))\ntorch.save(rgnet.state_dict(), '{path}')\n" +
            $"print(json.dumps(rgnet({PyTorch.Literal(X)}).flatten().tolist()))");
        Sequential block1() => new(new Linear(4, 8), new ReLU(), new Linear(8, 4), new ReLU());
        var b2 = new Sequential();
        for (var i = 0; i < 4; i++) b2.add_module($"block {i}", block1());
        using var rgnet = new Sequential(b2, new Linear(4, 1));
        var r = rgnet.load_state_dict(load<OrderedDictionary<string, Tensor>>(path));
        Assert.Empty(r.missing_keys);
        Close.Equal(theirs, rgnet.call(X).ToArray<float>());
    }
}

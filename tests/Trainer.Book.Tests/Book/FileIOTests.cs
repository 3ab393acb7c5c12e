using Trainer.Book.Tests.Support;
using Trainer.Shared.StateDict;

namespace Trainer.Book.Tests.Book;

/// <summary>d2l 5.5, file I/O: a tensor, a dict of tensors, and the MLP clone through mlp.params, read by PyTorch too.</summary>
public sealed class FileIOTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-file-io-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string PathOf(string name) => Path.Combine(dir, name);

    [Fact]
    public void SaveLoad_OneTensor_RoundTrips()
    {
        using var scope = NewDisposeScope();
        var x = arange(4);
        x.save(PathOf("x-file"));
        var x2 = Tensor.load(PathOf("x-file"));
        Assert.Equal(ScalarType.Int64, x2.dtype);
        Assert.Equal(new long[] { 0, 1, 2, 3 }, x2.data<long>().ToArray());
    }

    [Fact]
    public void SaveDict_XAndY_PyTorchReadsIt()
    {
        using var scope = NewDisposeScope();
        var mydict = new Dictionary<string, Tensor> { ["x"] = arange(4), ["y"] = zeros(4) };
        PyTorchStateDict.Save(mydict, PathOf("mydict"));
        var theirs = PyTorchPeer.Run($"d = torch.load({PyTorchPeer.Quote(PathOf("mydict"))})\n" +
            "print(json.dumps({k: [str(v.dtype), v.tolist()] for k, v in d.items()}))");
        Assert.Equal("{\"x\": [\"torch.int64\", [0, 1, 2, 3]], \"y\": [\"torch.float32\", [0.0, 0.0, 0.0, 0.0]]}", theirs);

        var back = PyTorchStateDict.Read(PathOf("mydict"));
        Assert.Equal(new long[] { 0, 1, 2, 3 }, back["x"].data<long>().ToArray());
        Assert.Equal(new float[] { 0, 0, 0, 0 }, back["y"].data<float>().ToArray());
    }

    [Fact]
    public void ReadDict_WrittenByPyTorch_HasBothTensors()
    {
        using var scope = NewDisposeScope();
        PyTorchPeer.Run($"torch.save({{'x': torch.arange(4), 'y': torch.zeros(4)}}, {PyTorchPeer.Quote(PathOf("diction"))})");
        var diction2 = PyTorchStateDict.Read(PathOf("diction"));
        Assert.Equal(new[] { "x", "y" }, diction2.Keys.Order());
        Assert.Equal(new long[] { 0, 1, 2, 3 }, diction2["x"].data<long>().ToArray());
        Assert.Equal(ScalarType.Float32, diction2["y"].dtype);
    }

    [Fact]
    public void MlpClone_FromMlpParams_SameOutputsHereAndInPyTorch()
    {
        using var scope = NewDisposeScope();
        using var net = new MLP();
        var X = randn(2, 20);
        var Y = net.call(X);
        PyTorchStateDict.Save(net, PathOf("mlp.params"));

        using var clone = new MLP();
        PyTorchStateDict.Load(clone, PathOf("mlp.params"));
        clone.eval();
        Assert.Equal(Close.Values(Y), Close.Values(clone.call(X)));

        var theirs = PyTorchPeer.Floats(MLP.Python +
            $"clone = MLP()\nprint(clone.load_state_dict(torch.load({PyTorchPeer.Quote(PathOf("mlp.params"))})))\nclone.eval()\n" +
            $"print(json.dumps(clone({PyTorchPeer.Literal(X)}).flatten().tolist()))");
        Close.Equal(Close.Values(Y), theirs);
    }

    [Fact]
    public void ReusePart_HiddenLayerOnly_TakesJustThoseTensors()
    {
        using var scope = NewDisposeScope();
        using var net = new MLP();
        PyTorchStateDict.Save(net, PathOf("mlp.params"));
        var old = PyTorchStateDict.Read(PathOf("mlp.params"));
        using var clone2 = new MLP();
        var partial = old.Where(kv => kv.Key.StartsWith("hidden.")).ToDictionary(kv => kv.Key, kv => kv.Value);
        var result = PyTorchStateDict.Load(clone2, partial, strict: false);
        Assert.Equal(new[] { "output.weight", "output.bias" }, result.missing_keys);
        Assert.True(PyTorchStateDict.Of(net)["hidden.weight"].Equals(PyTorchStateDict.Of(clone2)["hidden.weight"]));
        Assert.False(PyTorchStateDict.Of(net)["output.weight"].Equals(PyTorchStateDict.Of(clone2)["output.weight"]));
    }
}

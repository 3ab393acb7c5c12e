using Trainer.Torch.Serialization;
using static Trainer.Torch.Tests.Serialization.PyTorchPeer;

namespace Trainer.Torch.Tests.Serialization;

/// <summary>Files written by PyTorch's torch.save, read by Trainer's torch.load.</summary>
public class LoadFromPyTorchTests
{
    [Fact]
    public void Load_FloatTensorSavedByPyTorch_SameShapeDtypeAndValues()
    {
        using var dir = new TempDir();
        var path = dir.File("x.pt");
        Run($"torch.save(torch.arange(6, dtype=torch.float32).reshape(2, 3) * 0.5 - 1, {Py(path)})");

        using var x = load<Tensor>(path);
        Assert.Equal(new long[] { 2, 3 }, x.shape);
        Assert.Equal(ScalarType.Float32, x.dtype);
        Assert.False(x.requires_grad);
        Assert.Equal(new float[] { -1, -0.5f, 0, 0.5f, 1, 1.5f }, x.ToArray<float>());
    }

    [Fact]
    public void Load_TensorsOfEachDtypeSavedByPyTorch_ExactValues()
    {
        using var dir = new TempDir();
        var path = dir.File("dtypes.pt");
        Run($$"""
            torch.save({
              'i64': torch.tensor([-(2**62), -1, 0, 7, 2**62]),
              'b': torch.tensor([True, False, True]),
              'u8': torch.tensor([0, 1, 200, 255], dtype=torch.uint8),
              'f64': torch.tensor([1/3, -2.5e300, 0.0], dtype=torch.float64),
              'i32': torch.tensor([-5, 5], dtype=torch.int32),
              'scalar': torch.tensor(3.25),
            }, {{Py(path)}})
            """);

        using var scope = NewDisposeScope();
        var d = load<Dictionary<string, Tensor>>(path);
        Assert.Equal(ScalarType.Int64, d["i64"].dtype);
        Assert.Equal(new long[] { -(1L << 62), -1, 0, 7, 1L << 62 }, d["i64"].ToArray<long>());
        Assert.Equal(new[] { true, false, true }, d["b"].ToArray<bool>());
        Assert.Equal(new byte[] { 0, 1, 200, 255 }, d["u8"].ToArray<byte>());
        Assert.Equal(new[] { 1.0 / 3, -2.5e300, 0.0 }, d["f64"].ToArray<double>());
        Assert.Equal(new[] { -5, 5 }, d["i32"].ToArray<int>());
        Assert.Empty(d["scalar"].shape);
        Assert.Equal(3.25f, d["scalar"].item<float>());
    }

    [Fact]
    public void Load_ListAndTupleSavedByPyTorch_TensorsInOrder()
    {
        using var dir = new TempDir();
        var path = dir.File("list.pt");
        Run($"x = torch.tensor([1., 2.]); y = torch.tensor([[3., 4.]]); torch.save([x, y, (x, 5, 'five', None, 2.5, True)], {Py(path)})");

        using var scope = NewDisposeScope();
        var list = Assert.IsType<List<object?>>(load(path));
        Assert.Equal(3, list.Count);
        var x = Assert.IsType<Tensor>(list[0]);
        var y = Assert.IsType<Tensor>(list[1]);
        Assert.Equal(new float[] { 1, 2 }, x.ToArray<float>());
        Assert.Equal(new long[] { 1, 2 }, y.shape);
        var tuple = Assert.IsType<object?[]>(list[2]);
        Assert.Same(x, tuple[0]); // the same Python object pickled twice is one object again
        Assert.Equal(new object?[] { 5L, "five", null, 2.5, true }, tuple[1..]);
        Assert.Throws<TorchLoadException>(() => load<List<Tensor>>(path));
    }

    [Fact]
    public void Load_DictSavedByPyTorch_AsTypedDictionary()
    {
        using var dir = new TempDir();
        var path = dir.File("dict.pt");
        Run($"torch.save({{'x': torch.ones(2), 'y': torch.zeros(3, dtype=torch.int64)}}, {Py(path)})");

        var d = load<Dictionary<string, Tensor>>(path);
        Assert.Equal(new[] { "x", "y" }, d.Keys);
        Assert.Equal(new float[] { 1, 1 }, d["x"].ToArray<float>());
        Assert.Equal(new long[] { 0, 0, 0 }, d["y"].ToArray<long>());
        foreach (var t in d.Values) t.Dispose();
    }

    [Fact]
    public void Load_SequentialStateDictFromPyTorch_OrderedDictWithMetadataAndIdenticalValues()
    {
        using var dir = new TempDir();
        var path = dir.File("mlp.pt");
        var expected = Run($"""
            torch.manual_seed(0)
            net = torch.nn.Sequential(torch.nn.Linear(20, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
            torch.save(net.state_dict(), {Py(path)})
            for k, v in net.state_dict().items():
                print(k, ' '.join(repr(float(e)) for e in v.flatten().tolist()))
            """);

        using var scope = NewDisposeScope();
        var sd = Assert.IsType<OrderedDict>(load(path));
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, sd.Keys);
        foreach (var line in expected.Split('\n'))
        {
            var parts = line.Split(' ');
            var values = parts[1..].Select(s => float.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(values, Assert.IsType<Tensor>(sd[parts[0]]).ToArray<float>());
        }
        Assert.Equal(new long[] { 256, 20 }, ((Tensor)sd["0.weight"]!).shape);

        var metadata = Assert.IsType<OrderedDict>(sd.attributes["_metadata"]);
        Assert.Equal(new[] { "", "0", "1", "2" }, metadata.Keys);
        var version = Assert.IsType<Dictionary<object, object?>>(metadata["0"]);
        Assert.Equal(1L, version["version"]);

        var typed = load<OrderedDictionary<string, Tensor>>(path);
        Assert.Equal(sd.Keys, typed.Keys);
    }

    [Fact]
    public void Load_TiedWeightsAndOverlappingViews_ShareOneStorageWithOwnOffsetsAndStrides()
    {
        using var dir = new TempDir();
        var path = dir.File("tied.pt");
        Run($"""
            lin = torch.nn.Linear(3, 3)
            net = torch.nn.Sequential(lin, torch.nn.ReLU(), lin)
            sd = net.state_dict()
            base = torch.arange(12, dtype=torch.float32)
            sd['view_a'] = base[2:8].view(2, 3)
            sd['view_b'] = base[1::2]
            torch.save(sd, {Py(path)})
            """);

        using var scope = NewDisposeScope();
        var sd = load<OrderedDictionary<string, Tensor>>(path);
        Assert.Equal(sd["0.weight"].ToArray<float>(), sd["2.weight"].ToArray<float>());
        Assert.Equal(sd["0.weight"].StorageId, sd["2.weight"].StorageId);

        var a = sd["view_a"];
        var b = sd["view_b"];
        Assert.Equal(a.StorageId, b.StorageId);
        Assert.Equal(2, a.storage_offset());
        Assert.Equal(new long[] { 3, 1 }, a.stride());
        Assert.Equal(new float[] { 2, 3, 4, 5, 6, 7 }, a.ToArray<float>());
        Assert.Equal(1, b.storage_offset());
        Assert.Equal(new long[] { 2 }, b.stride());
        Assert.Equal(new float[] { 1, 3, 5, 7, 9, 11 }, b.ToArray<float>());

        a.add_(100); // shared memory: b sees the write at elements 3, 5 and 7
        Assert.Equal(new float[] { 1, 103, 105, 107, 9, 11 }, b.ToArray<float>());
    }

    [Fact]
    public void Load_TransposeSavedByPyTorch_KeepsStridesAndValues()
    {
        using var dir = new TempDir();
        var path = dir.File("t.pt");
        Run($"torch.save(torch.arange(6.).reshape(2, 3).t(), {Py(path)})");

        using var t = load<Tensor>(path);
        Assert.Equal(new long[] { 3, 2 }, t.shape);
        Assert.Equal(new long[] { 1, 3 }, t.stride());
        Assert.False(t.is_contiguous());
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, t.ToArray<float>());
    }

    [Fact]
    public void Load_ParametersSavedByPyTorch_ComeBackAsParametersRequiringGrad()
    {
        using var dir = new TempDir();
        var path = dir.File("params.pt");
        Run($"torch.save(list(torch.nn.Linear(2, 1).parameters()), {Py(path)})");

        var list = load<List<Tensor>>(path);
        Assert.Equal(2, list.Count);
        Assert.All(list, p => Assert.IsType<Parameter>(p));
        Assert.All(list, p => Assert.True(p.requires_grad));
        Assert.Equal(new long[] { 1, 2 }, list[0].shape);
        foreach (var p in list) p.Dispose();
    }

    [Fact]
    public void Load_OptimizerStateDictFromPyTorch_NestedContainersWithIntKeys()
    {
        using var dir = new TempDir();
        var path = dir.File("opt.pt");
        Run($"""
            w = torch.nn.Parameter(torch.ones(2))
            opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
            w.sum().backward(); opt.step()
            torch.save(opt.state_dict(), {Py(path)})
            """);

        using var scope = NewDisposeScope();
        var sd = Assert.IsType<Dictionary<object, object?>>(load(path));
        var state = Assert.IsType<Dictionary<object, object?>>(sd["state"]);
        var s0 = Assert.IsType<Dictionary<object, object?>>(state[0L]);
        Assert.Equal(new float[] { 1, 1 }, Assert.IsType<Tensor>(s0["momentum_buffer"]).ToArray<float>());
        var group = Assert.IsType<Dictionary<object, object?>>(Assert.IsType<List<object?>>(sd["param_groups"])[0]);
        Assert.Equal(0.1, group["lr"]);
        Assert.Equal(0.9, group["momentum"]);
        Assert.Equal(false, group["nesterov"]);
        Assert.Equal(new List<object?> { 0L }, group["params"]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Load_PickleProtocolChosenByPyTorch_ReadsTheSameObject(int protocol)
    {
        using var dir = new TempDir();
        var path = dir.File($"p{protocol}.pt");
        Run($"""
            sd = collections.OrderedDict(w=torch.full((2, 2), 0.25), n=torch.tensor(7))
            torch.save([sd, sd, dict(k=b'raw', big=2**63 - 1, small=-2**63, f=float('-inf'))], {Py(path)}, pickle_protocol={protocol})
            """);

        using var scope = NewDisposeScope();
        var list = Assert.IsType<List<object?>>(load(path));
        var sd = Assert.IsType<OrderedDict>(list[0]);
        Assert.Same(sd, list[1]);
        Assert.Equal(new float[] { 0.25f, 0.25f, 0.25f, 0.25f }, ((Tensor)sd["w"]!).ToArray<float>());
        Assert.Equal(7L, ((Tensor)sd["n"]!).item<long>());
        var d = Assert.IsType<Dictionary<object, object?>>(list[2]);
        Assert.Equal(long.MaxValue, d["big"]);
        Assert.Equal(long.MinValue, d["small"]);
        Assert.Equal(double.NegativeInfinity, d["f"]);
        Assert.Equal("raw"u8.ToArray(), d["k"]);
    }
}

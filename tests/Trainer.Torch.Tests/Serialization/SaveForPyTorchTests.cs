using Trainer.Torch.Serialization;
using static Trainer.Torch.Tests.Serialization.PyTorchPeer;

namespace Trainer.Torch.Tests.Serialization;

/// <summary>Files written by Trainer's torch.save, read by PyTorch's torch.load and compared with torch.equal.</summary>
public class SaveForPyTorchTests
{
    [Fact]
    public void Save_TensorsOfEachDtype_PyTorchLoadsEqualTensors()
    {
        using var dir = new TempDir();
        var path = dir.File("dtypes.pt");
        using var scope = NewDisposeScope();
        save(new Dictionary<string, Tensor>
        {
            ["f32"] = tensor(new float[] { 1.5f, -2, 3, 4, 5, 6 }, new long[] { 2, 3 }),
            ["i64"] = tensor(new long[] { long.MinValue, -1, 0, long.MaxValue }),
            ["b"] = tensor(new[] { true, false, true }),
            ["u8"] = tensor(new byte[] { 0, 7, 255 }),
            ["f64"] = tensor(new[] { 1.0 / 3, 1e-300 }),
            ["scalar"] = scalar_tensor(2.5),
        }, path);

        Assert.Equal("ok", Run($"""
            d = torch.load({Py(path)})
            assert type(d) is dict, type(d)
            assert list(d) == ['f32', 'i64', 'b', 'u8', 'f64', 'scalar']
            assert torch.equal(d['f32'], torch.tensor([[1.5, -2, 3], [4, 5, 6]]))
            assert torch.equal(d['i64'], torch.tensor([-2**63, -1, 0, 2**63 - 1]))
            assert torch.equal(d['b'], torch.tensor([True, False, True]))
            assert torch.equal(d['u8'], torch.tensor([0, 7, 255], dtype=torch.uint8))
            assert torch.equal(d['f64'], torch.tensor([1/3, 1e-300], dtype=torch.float64))
            assert torch.equal(d['scalar'], torch.tensor(2.5)) and d['scalar'].dim() == 0
            print('ok')
            """));
    }

    [Fact]
    public void Save_ListOfTensors_PyTorchLoadsAList()
    {
        using var dir = new TempDir();
        var path = dir.File("list.pt");
        using var scope = NewDisposeScope();
        save(new List<Tensor> { arange(4), ones(2, 2) }, path);

        Assert.Equal("ok", Run($"""
            l = torch.load({Py(path)})
            assert type(l) is list and len(l) == 2
            assert torch.equal(l[0], torch.arange(4)) and torch.equal(l[1], torch.ones(2, 2))
            print('ok')
            """));
    }

    [Fact]
    public void Save_OrderedStateDict_PyTorchLoadStateDictAcceptsIt()
    {
        using var dir = new TempDir();
        var path = dir.File("model.pt");
        using var scope = NewDisposeScope();
        var sd = new OrderedDictionary<string, Tensor>
        {
            ["0.weight"] = arange(0, 6, 1, ScalarType.Float32).as_strided(new long[] { 3, 2 }, new long[] { 2, 1 }),
            ["0.bias"] = tensor(new float[] { 0.5f, -0.5f, 1 }),
            ["2.weight"] = ones(1, 3),
            ["2.bias"] = zeros(1),
        };
        save(sd, path);

        Assert.Equal("ok", Run($"""
            sd = torch.load({Py(path)})
            assert type(sd) is collections.OrderedDict, type(sd)
            net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1))
            net.load_state_dict(sd)
            assert torch.equal(net[0].weight.data, torch.arange(6.).reshape(3, 2))
            assert torch.equal(net(torch.tensor([[1., 1.]])), torch.tensor([[1.5 + 4.5 + 10]]))
            print('ok')
            """));
    }

    [Fact]
    public void Save_TiedAndTransposedTensors_PyTorchSeesSharedStorageAndStrides()
    {
        using var dir = new TempDir();
        var path = dir.File("tied.pt");
        using var scope = NewDisposeScope();
        var w = arange(0, 6, 1, ScalarType.Float32).as_strided(new long[] { 2, 3 }, new long[] { 3, 1 });
        var transposed = w.as_strided(new long[] { 3, 2 }, new long[] { 1, 3 });
        save(new OrderedDictionary<string, Tensor> { ["a"] = w, ["b"] = w.alias(), ["t"] = transposed, ["same"] = w, ["tt"] = w.t() }, path);

        Assert.Equal("ok 1", Run($"""
            import zipfile
            d = torch.load({Py(path)})
            assert d['a'].data_ptr() == d['b'].data_ptr() == d['t'].data_ptr()
            assert d['same'] is d['a']
            assert d['tt'].data_ptr() == d['a'].data_ptr() and d['tt'].stride() == (1, 3)
            assert d['t'].stride() == (1, 3) and torch.equal(d['t'], torch.arange(6.).reshape(2, 3).t())
            d['a'].add_(1)
            assert torch.equal(d['b'], torch.arange(1., 7.).reshape(2, 3))
            storages = [n for n in zipfile.ZipFile({Py(path)}).namelist() if '/data/' in n]
            print('ok', len(storages))
            """));
    }

    [Fact]
    public void Save_OptimizerStyleNestedContainers_RoundTripThroughPyTorch()
    {
        using var dir = new TempDir();
        var path = dir.File("opt.pt");
        var back = dir.File("opt2.pt");
        using var scope = NewDisposeScope();
        var state = new Dictionary<object, object?>
        {
            ["state"] = new Dictionary<object, object?> { [0L] = new Dictionary<object, object?> { ["momentum_buffer"] = ones(2) } },
            ["param_groups"] = new List<object?>
            {
                new Dictionary<object, object?>
                {
                    ["lr"] = 0.1, ["momentum"] = 0.9, ["nesterov"] = false, ["foreach"] = null,
                    ["params"] = new List<object?> { 0L, 1L }, ["big"] = 1L << 40, ["neg"] = -70000L,
                },
            },
            ["progress"] = new object?[] { 3, "epoch" },
        };
        save(state, path);

        Assert.Equal("ok", Run($"""
            d = torch.load({Py(path)})
            assert torch.equal(d['state'][0]['momentum_buffer'], torch.ones(2))
            g = d['param_groups'][0]
            assert g == dict(lr=0.1, momentum=0.9, nesterov=False, params=[0, 1], big=2**40, neg=-70000, foreach=None), g
            assert d['progress'] == (3, 'epoch')
            torch.save(d, {Py(back)})
            print('ok')
            """));

        var again = Assert.IsType<Dictionary<object, object?>>(load(back));
        var s0 = Assert.IsType<Dictionary<object, object?>>(Assert.IsType<Dictionary<object, object?>>(again["state"])[0L]);
        Assert.Equal(new float[] { 1, 1 }, Assert.IsType<Tensor>(s0["momentum_buffer"]).ToArray<float>());
        var g = Assert.IsType<Dictionary<object, object?>>(Assert.IsType<List<object?>>(again["param_groups"])[0]);
        Assert.Equal(1L << 40, g["big"]);
        Assert.Equal(-70000L, g["neg"]);
        Assert.Null(g["foreach"]);
        Assert.Equal(new object?[] { 3L, "epoch" }, again["progress"]);
    }

    [Fact]
    public void Save_StateDictLoadedFromPyTorch_KeepsMetadataWhenSavedAgain()
    {
        using var dir = new TempDir();
        var path = dir.File("bn.pt");
        var back = dir.File("bn2.pt");
        Run($"torch.save(torch.nn.Sequential(torch.nn.BatchNorm1d(3)).state_dict(), {Py(path)})");

        using (var scope = NewDisposeScope()) save(load(path)!, back);

        Assert.Equal("ok", Run($"""
            sd = torch.load({Py(back)})
            assert sd._metadata['0']['version'] == 2, sd._metadata
            assert torch.equal(sd['0.num_batches_tracked'], torch.tensor(0))
            torch.nn.Sequential(torch.nn.BatchNorm1d(3)).load_state_dict(sd)
            print('ok')
            """));
    }

    [Fact]
    public void Save_ToStreamAndLoadFromStream_RoundTrips()
    {
        using var scope = NewDisposeScope();
        using var buffer = new MemoryStream();
        save(new object?[] { tensor(new[] { 1.0, 2.0 }), new List<object?> { "a", 1.5, null, true } }, buffer);
        buffer.Position = 0;
        var tuple = Assert.IsType<object?[]>(load(buffer));
        Assert.Equal(new[] { 1.0, 2.0 }, Assert.IsType<Tensor>(tuple[0]).ToArray<double>());
        Assert.Equal(new List<object?> { "a", 1.5, null, true }, tuple[1]);
    }

    [Fact]
    public void Save_UnsupportedObject_ThrowsNamingTheType()
    {
        using var buffer = new MemoryStream();
        var e = Assert.Throws<ArgumentException>(() => save(new List<object?> { new Uri("http://x") }, buffer));
        Assert.Contains("Uri", e.Message);
    }

    [Fact]
    public void Save_UnsupportedObjectToPath_LeavesExistingFileUntouched()
    {
        using var dir = new TempDir();
        var path = dir.File("keep.pt");
        File.WriteAllText(path, "previous checkpoint");
        Assert.Throws<ArgumentException>(() => save(new List<object?> { new object() }, path));
        Assert.Equal("previous checkpoint", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}

using Trainer.Book.Tests.Support;
using Trainer.Shared.StateDict;

namespace Trainer.Book.Tests.StateDict;

/// <summary>PyTorchStateDict against PyTorch 1.13: keys, files both ways, tied parameters.</summary>
[Collection(NativeState.Name)]
public sealed class PyTorchStateDictTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-state-dict-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static readonly string[] TiedKeys =
        { "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "6.weight", "6.bias" };

    [Fact]
    public void Of_TiedSequential_KeysArePyTorchs()
    {
        using var net = TiedNet.Create();
        var theirs = PyTorchPeer.Strings(TiedNet.Python + "print(json.dumps(list(net.state_dict().keys())))");
        Assert.Equal(TiedKeys, theirs);
        Assert.Equal(theirs, PyTorchStateDict.Of(net).Keys);
        // The quirk this class exists for: TorchSharp's own state_dict drops the second use.
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "6.weight", "6.bias" }, net.state_dict().Keys);
    }

    [Fact]
    public void Of_TiedSequential_BothNamesHoldTheSameParameter()
    {
        using var net = TiedNet.Create();
        var sd = PyTorchStateDict.Of(net);
        Assert.Same(sd["2.weight"], sd["4.weight"]);
        Assert.Same(((Linear)net[2]).weight, sd["4.weight"]);
    }

    [Fact]
    public void Of_NestedModulesBuffersAndSharedFields_KeysArePyTorchs()
    {
        using var net = new Mixed();
        var theirs = PyTorchPeer.Strings(Mixed.Python + "print(json.dumps(list(Mixed().state_dict().keys())))");
        Assert.Equal(theirs, PyTorchStateDict.Of(net).Keys);
    }

    [Fact]
    public void Save_TiedNet_PyTorchLoadsStrictAndComputesTheSameOutputs()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var net = TiedNet.Create();
        var X = rand(3, 4);
        var ours = Close.Values(net.call(X));
        var path = Path.Combine(dir, "tied.params");
        PyTorchStateDict.Save(net, path);

        var theirs = PyTorchPeer.Floats(TiedNet.Python +
            $"sd = torch.load({PyTorchPeer.Quote(path)})\n" +
            "print(net.load_state_dict(sd, strict=True))\n" +
            "assert list(sd.keys()) == list(net.state_dict().keys()), list(sd.keys())\n" +
            "assert not any(t.requires_grad for t in sd.values())\n" +
            $"print(json.dumps(net({PyTorchPeer.Literal(X)}).flatten().tolist()))");
        Close.Equal(ours, theirs);
    }

    [Fact]
    public void SaveThenLoad_TiedNet_RoundTripsIntoAFreshModule()
    {
        using var scope = NewDisposeScope();
        using var net = TiedNet.Create();
        var path = Path.Combine(dir, "tied.params");
        PyTorchStateDict.Save(net, path);

        using var clone = TiedNet.Create();
        var result = PyTorchStateDict.Load(clone, path);
        Assert.Empty(result.missing_keys);
        Assert.Empty(result.unexpected_keys);
        foreach (var (name, tensor) in PyTorchStateDict.Of(net))
            Assert.True(tensor.Equals(PyTorchStateDict.Of(clone)[name]), name);
        var X = rand(2, 4);
        Assert.Equal(Close.Values(net.call(X)), Close.Values(clone.call(X)));
        // Still tied after the load: one write shows through both names.
        Assert.Same(((Linear)clone[2]).weight, ((Linear)clone[4]).weight);
    }

    [Fact]
    public void Load_TiedNetWrittenByPyTorch_EqualValuesAndOutputs()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(dir, "from-pytorch.params");
        var X = rand(3, 4);
        var theirs = PyTorchPeer.Floats("torch.manual_seed(9)\n" + TiedNet.Python +
            $"torch.save(net.state_dict(), {PyTorchPeer.Quote(path)})\n" +
            $"print(json.dumps([v for t in net.state_dict().values() for v in t.flatten().tolist()] + net({PyTorchPeer.Literal(X)}).flatten().tolist()))");

        using var net = TiedNet.Create();
        PyTorchStateDict.Load(net, path);
        var ours = PyTorchStateDict.Of(net).Values.SelectMany(Close.Values).Concat(Close.Values(net.call(X))).ToArray();
        Close.Equal(theirs, ours);
    }

    [Fact]
    public void Load_TiedNamesWithDifferentValues_ThrowsAndCopiesNothing()
    {
        using var scope = NewDisposeScope();
        using var net = TiedNet.Create();
        var source = PyTorchStateDict.Of(net).ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        source["4.weight"] = source["4.weight"] + 1;
        source["0.bias"] = zeros(8);
        var before = Close.Values(((Linear)net[0]).bias!);

        var e = Assert.Throws<InvalidOperationException>(() => PyTorchStateDict.Load(net, source));
        Assert.Contains("2.weight and 4.weight name one tied tensor", e.Message);
        Assert.Equal(before, Close.Values(((Linear)net[0]).bias!));
    }

    [Fact]
    public void Load_StrictWithMissingAndUnexpectedKeys_ThrowsNamingThem()
    {
        using var scope = NewDisposeScope();
        using var net = TiedNet.Create();
        var source = PyTorchStateDict.Of(net).Where(kv => kv.Key != "6.bias").ToDictionary(kv => kv.Key, kv => kv.Value);
        source["7.weight"] = zeros(1);

        var e = Assert.Throws<InvalidOperationException>(() => PyTorchStateDict.Load(net, source));
        Assert.Contains("Missing key(s) in state_dict: \"6.bias\"", e.Message);
        Assert.Contains("Unexpected key(s) in state_dict: \"7.weight\"", e.Message);

        var lax = PyTorchStateDict.Load(net, source, strict: false);
        Assert.Equal(new[] { "6.bias" }, lax.missing_keys);
        Assert.Equal(new[] { "7.weight" }, lax.unexpected_keys);
    }

    [Fact]
    public void Load_WrongShape_ThrowsLikePyTorch()
    {
        using var scope = NewDisposeScope();
        using var net = TiedNet.Create();
        var source = PyTorchStateDict.Of(net).ToDictionary(kv => kv.Key, kv => kv.Value);
        source["6.weight"] = zeros(2, 8);
        var e = Assert.Throws<InvalidOperationException>(() => PyTorchStateDict.Load(net, source));
        Assert.Contains("size mismatch for 6.weight: copying a param with shape [2, 8] from checkpoint, the shape in current model is [1, 8].", e.Message);
    }

    /// <summary>
    /// Own parameter and buffer before children whatever the field order, a BatchNorm's buffers,
    /// a non-persistent buffer left out, one child under two field names.
    /// </summary>
    private sealed class Mixed : Module<Tensor, Tensor>
    {
        private readonly Sequential body = Sequential(Linear(3, 4), BatchNorm1d(4));
        private readonly Linear head = Linear(4, 2);
        private readonly Linear alias;
        private readonly Parameter scale = Parameter(ones(2));
        private readonly Tensor offset = zeros(2);

        public Mixed() : base(nameof(Mixed))
        {
            alias = head;
            register_buffer("scratch", zeros(1), persistent: false);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => head.call(body.call(x)) * scale + offset;

        public const string Python =
            "class Mixed(nn.Module):\n" +
            "    def __init__(self):\n" +
            "        super().__init__()\n" +
            "        self.body = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))\n" +
            "        self.head = nn.Linear(4, 2)\n" +
            "        self.alias = self.head\n" +
            "        self.scale = nn.Parameter(torch.ones(2))\n" +
            "        self.register_buffer('offset', torch.zeros(2))\n" +
            "        self.register_buffer('scratch', torch.zeros(1), persistent=False)\n";
    }
}

using Trainer.Torch.Tests.Book;
using static Trainer.Torch.torch.nn;

namespace Trainer.Torch.Tests.NN;

public class ModuleTests
{
    private sealed class Shared : Module
    {
        public readonly Linear a = new(3, 3);
        public Linear b;
        public Shared() => b = a;
        public override Tensor forward(Tensor x) => throw new NotImplementedException();
    }

    [Fact]
    public void NamedParameters_FieldsRegistered_DottedNamesInDeclarationOrder()
    {
        using var net = new MLP();
        Assert.Equal(new[] { "hidden.weight", "hidden.bias", "output.weight", "output.bias" }, net.named_parameters().Select(p => p.name));
        Assert.Equal(new[] { "hidden", "output" }, net.named_children().Select(c => c.name));
        Assert.Equal(new[] { "", "hidden", "output" }, net.named_modules().Select(c => c.name));
        Assert.Equal(new long[] { 256, 20 }, net.parameters().First().shape);
    }

    [Fact]
    public void Call_Mlp_GivesOutputShape()
    {
        using var scope = NewDisposeScope();
        using var net = new MLP();
        var y = net.call(rand(2, 20));
        Assert.Equal(new long[] { 2, 10 }, y.shape);
    }

    [Fact]
    public void NamedParameters_TiedModuleTwoFields_ListedOnceButStateDictHasBoth()
    {
        using var scope = NewDisposeScope();
        using var net = new Shared();
        Assert.Equal(new[] { "a.weight", "a.bias" }, net.named_parameters().Select(p => p.name));
        Assert.Equal(4, net.named_parameters(remove_duplicate: false).Count());
        var sd = net.state_dict();
        Assert.Equal(new[] { "a.weight", "a.bias", "b.weight", "b.bias" }, sd.Keys);
        Assert.True(sd["a.weight"].is_same(sd["b.weight"]) || sd["a.weight"].ToArray<float>().SequenceEqual(sd["b.weight"].ToArray<float>()));
    }

    [Fact]
    public void StateDict_Values_AreAliasesNotCopies()
    {
        using var scope = NewDisposeScope();
        using var net = new Sequential(new Linear(2, 2));
        var sd = net.state_dict();
        sd["0.bias"].fill_(7);
        Assert.Equal(new float[] { 7, 7 }, ((Linear)net[0]).bias!.ToArray<float>());
        Assert.False(sd["0.bias"].requires_grad);
    }

    [Fact]
    public void LoadStateDict_FromOtherModel_CopiesValuesKeepsParameterObjects()
    {
        using var scope = NewDisposeScope();
        using var a = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 1));
        using var b = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 1));
        var before = ((Linear)b[0]).weight;
        var result = b.load_state_dict(a.state_dict());
        Assert.Empty(result.missing_keys);
        Assert.Empty(result.unexpected_keys);
        Assert.Equal("<All keys matched successfully>", result.ToString());
        Assert.Same(before, ((Linear)b[0]).weight);
        Assert.Equal(((Linear)a[2]).weight.ToArray<float>(), ((Linear)b[2]).weight.ToArray<float>());
        var x = rand(5, 4);
        Assert.Equal(a.call(x).ToArray<float>(), b.call(x).ToArray<float>());
        Assert.True(((Linear)b[0]).weight.requires_grad);
    }

    [Fact]
    public void LoadStateDict_MissingAndUnexpectedStrict_ThrowsPyTorchMessage()
    {
        using var scope = NewDisposeScope();
        using var net = new Sequential(new Linear(2, 2));
        var sd = new Dictionary<string, Tensor> { ["0.weight"] = ones(2, 2), ["extra"] = ones(1) };
        var e = Assert.Throws<ArgumentException>(() => net.load_state_dict(sd));
        Assert.StartsWith("Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: \"0.bias\". \n\tUnexpected key(s) in state_dict: \"extra\". ", e.Message);
        Assert.NotEqual(new float[] { 1, 1, 1, 1 }, ((Linear)net[0]).weight.ToArray<float>());
    }

    [Fact]
    public void LoadStateDict_NotStrict_ReportsKeysAndLoadsTheRest()
    {
        using var scope = NewDisposeScope();
        using var net = new Sequential(new Linear(2, 2));
        var sd = new Dictionary<string, Tensor> { ["0.weight"] = ones(2, 2), ["extra"] = ones(1) };
        var r = net.load_state_dict(sd, strict: false);
        Assert.Equal(new[] { "0.bias" }, r.missing_keys);
        Assert.Equal(new[] { "extra" }, r.unexpected_keys);
        Assert.Equal(new float[] { 1, 1, 1, 1 }, ((Linear)net[0]).weight.ToArray<float>());
    }

    [Fact]
    public void LoadStateDict_ShapeMismatch_ThrowsEvenWhenNotStrict()
    {
        using var scope = NewDisposeScope();
        using var net = new Sequential(new Linear(2, 3));
        var sd = new Dictionary<string, Tensor> { ["0.weight"] = ones(2, 2), ["0.bias"] = ones(3) };
        var e = Assert.Throws<ArgumentException>(() => net.load_state_dict(sd, strict: false));
        Assert.Contains("size mismatch for 0.weight: copying a param with shape torch.Size([2, 2]) from checkpoint, the shape in current model is torch.Size([3, 2]).", e.Message);
    }

    [Fact]
    public void TrainEval_SetsEveryDescendant()
    {
        using var net = new Sequential(new Sequential(new Dropout()), new Linear(1, 1));
        Assert.True(net.training);
        net.eval();
        Assert.All(net.modules(), m => Assert.False(m.training));
        net.train();
        Assert.All(net.modules(), m => Assert.True(m.training));
    }

    [Fact]
    public void Apply_VisitsChildrenBeforeParent()
    {
        using var net = new Sequential(new Linear(1, 1), new Sequential(new ReLU()));
        var order = new List<string>();
        net.apply(m => order.Add(m._get_name()));
        Assert.Equal(new[] { "Linear", "ReLU", "Sequential", "Sequential" }, order);
    }

    [Fact]
    public void ZeroGrad_AfterBackward_ZeroesOrClears()
    {
        using var scope = NewDisposeScope();
        using var net = new Sequential(new Linear(3, 1));
        var loss = functional.mse_loss(net.call(ones(2, 3)), zeros(2, 1), "sum");
        loss.backward();
        var w = ((Linear)net[0]).weight;
        Assert.Contains(w.grad!.ToArray<float>(), v => v != 0);
        net.zero_grad();
        Assert.All(w.grad!.ToArray<float>(), v => Assert.Equal(0f, v));
        net.zero_grad(set_to_none: true);
        Assert.Null(w.grad);
    }

    [Fact]
    public void To_Cpu_KeepsParameterObjectsAndValues()
    {
        using var net = new Sequential(new Linear(2, 2));
        var w = ((Linear)net[0]).weight;
        var before = w.ToArray<float>();
        net.to(Device.CPU);
        Assert.Same(w, ((Linear)net[0]).weight);
        Assert.Equal(before, w.ToArray<float>());
        net.to(ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, ((Linear)net[0]).weight.dtype);
        Assert.True(w.requires_grad);
    }

    [Fact]
    public void Dispose_Module_FreesItsParameters()
    {
        var net = new Sequential(new Linear(2, 2), new Sequential(new Linear(2, 2)));
        var ps = net.parameters().ToList();
        net.Dispose();
        Assert.All(ps, p => Assert.True(p.IsDisposed));
        Assert.Throws<ObjectDisposedException>(() => net.call(ones(1, 2)));
    }

    [Fact]
    public void RegisterModule_BadNames_Throw()
    {
        using var net = new Sequential();
        Assert.Throws<ArgumentException>(() => net.add_module("a.b", new ReLU()));
        Assert.Throws<ArgumentException>(() => net.add_module("", new ReLU()));
    }

    [Fact]
    public void Indexer_PlainModule_ThrowsNotSubscriptable()
    {
        using var l = new Linear(1, 1);
        var e = Assert.Throws<NotSupportedException>(() => l[0]);
        Assert.Contains("'Linear' object is not subscriptable", e.Message);
    }

    [Fact]
    public void GetParameter_DottedPath_FindsNested()
    {
        using var net = new Sequential(new Sequential(new Linear(1, 2)));
        Assert.Same(((Linear)net[0][0]).bias, net.get_parameter("0.0.bias"));
        Assert.Throws<ArgumentException>(() => net.get_parameter("0.1.bias"));
    }

    [Fact]
    public void ToString_Layers_MatchPyTorchRepr()
    {
        Assert.Equal("Linear(in_features=20, out_features=256, bias=True)", new Linear(20, 256).ToString());
        Assert.Equal("Linear(in_features=2, out_features=3, bias=False)", new Linear(2, 3, bias: false).ToString());
        Assert.Equal("Dropout(p=0.1, inplace=False)", new Dropout(0.1).ToString());
        Assert.Equal("Dropout(p=1.0, inplace=False)", new Dropout(1).ToString());
        Assert.Equal("Flatten(start_dim=1, end_dim=-1)", new Flatten().ToString());
        Assert.Equal("Identity()", new Identity().ToString());
        Assert.Equal("LazyLinear(in_features=0, out_features=3, bias=True)", new LazyLinear(3).ToString());
    }

    [Fact]
    public void ToString_Containers_MatchPyTorchPrint()
    {
        using var list = new ModuleList(new Linear(2, 3), new ReLU());
        using var dict = new ModuleDict(new[] { ("a", (Module)new Linear(2, 3)) });
        var expected = PyTorch.Run("print(nn.ModuleList([nn.Linear(2,3), nn.ReLU()])); print(nn.ModuleDict({'a': nn.Linear(2,3)}))");
        Assert.Equal(expected, list + "\n" + dict);
    }
}

public class ReplicateTests
{
    [Fact]
    public void Replicate_Factory_IdenticalWeightsDistinctParameters()
    {
        var replicas = Module.Replicate(() => new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2)), 3);
        try
        {
            Assert.Equal(3, replicas.Count);
            var first = replicas[0].parameters().Select(p => p.ToArray<float>()).ToList();
            foreach (var r in replicas.Skip(1))
            {
                Assert.Equal(first, r.parameters().Select(p => p.ToArray<float>()).ToList());
                Assert.False(r.parameters().First().is_same(replicas[0].parameters().First()));
            }
            Assert.Throws<ArgumentOutOfRangeException>(() => Module.Replicate(() => new Linear(1, 1), 0));
        }
        finally
        {
            foreach (var r in replicas) r.Dispose();
        }
    }
}

using Trainer.Book.Tests.Support;
using Trainer.Shared.Modules;
using Trainer.Shared.StateDict;

namespace Trainer.Book.Tests.Modules;

/// <summary>LazyLinear against PyTorch's nn.LazyLinear: deferred shape, nn.Linear's init, keys, loading.</summary>
[Collection(NativeState.Name)]
public class LazyLinearTests
{
    [Fact]
    public void Weight_BeforeFirstForward_ThrowsSayingUninitialized()
    {
        using var lazy = new LazyLinear(256);
        Assert.True(lazy.has_uninitialized_params());
        Assert.Equal(0, lazy.in_features);
        var e = Assert.Throws<InvalidOperationException>(() => lazy.weight);
        Assert.Contains("uninitialized", e.Message);
        Assert.Throws<InvalidOperationException>(() => lazy.bias);
        Assert.Empty(lazy.parameters());
        Assert.Empty(lazy.state_dict());
    }

    [Fact]
    public void Forward_First_InfersInFeaturesAndRegistersWeightAndBias()
    {
        using var scope = NewDisposeScope();
        using var lazy = new LazyLinear(3);
        var y = lazy.call(rand(2, 5));
        Assert.Equal(new long[] { 2, 3 }, y.shape);
        Assert.False(lazy.has_uninitialized_params());
        Assert.Equal(5, lazy.in_features);
        Assert.Equal(new long[] { 3, 5 }, lazy.weight.shape);
        Assert.Equal(new long[] { 3 }, lazy.bias!.shape);
        Assert.Equal(new[] { "weight", "bias" }, lazy.named_parameters().Select(p => p.name));
        Assert.Equal(new[] { "weight", "bias" }, lazy.state_dict().Keys);
        Assert.All(lazy.parameters(), p => Assert.True(p.requires_grad));
        Assert.Equal(new long[] { 4, 3 }, lazy.call(rand(4, 5)).shape);
        Assert.ThrowsAny<Exception>(() => lazy.call(rand(4, 6)));
    }

    [Fact]
    public void Forward_Seeded_SameParametersAsLinearAndAsPyTorchLazyLinear()
    {
        using var scope = NewDisposeScope();
        manual_seed(21);
        using var lazy = new LazyLinear(4);
        lazy.call(zeros(1, 6));
        manual_seed(21);
        using var eager = Linear(6, 4);
        Assert.Equal(Close.Values(eager.weight), Close.Values(lazy.weight));
        Assert.Equal(Close.Values(eager.bias!), Close.Values(lazy.bias!));

        var theirs = PyTorchPeer.Floats("torch.manual_seed(21)\nl = nn.LazyLinear(4)\nl(torch.zeros(1, 6))\n" +
            "print(json.dumps(l.weight.detach().flatten().tolist() + l.bias.detach().flatten().tolist()))");
        Close.Equal(theirs, Close.Values(lazy.weight).Concat(Close.Values(lazy.bias!)).ToArray(), 1e-6f);
    }

    [Fact]
    public void Forward_NoBias_HasOnlyWeight()
    {
        using var scope = NewDisposeScope();
        using var lazy = new LazyLinear(2, hasBias: false);
        lazy.call(ones(1, 3));
        Assert.Null(lazy.bias);
        Assert.Equal(new[] { "weight" }, lazy.state_dict().Keys);
    }

    [Fact]
    public void InSequential_AfterForward_KeysAsPyTorchAndTrains()
    {
        using var scope = NewDisposeScope();
        using var net = Sequential(new LazyLinear(256), ReLU(), Linear(256, 10));
        Assert.Equal(new[] { "2.weight", "2.bias" }, net.named_parameters().Select(p => p.name));
        net.call(rand(2, 20));
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, PyTorchStateDict.Of(net).Keys);
        Assert.Equal(new long[] { 256, 20 }, PyTorchStateDict.Of(net)["0.weight"].shape);

        using var sgd = optim.SGD(net.parameters(), 0.1);
        functional.mse_loss(net.call(rand(2, 20)), zeros(2, 10)).backward();
        Assert.NotNull(((LazyLinear)net[0]).weight.grad);
        sgd.step();
    }

    [Fact]
    public void Load_StateDictIntoUninitialized_TakesTheShapeFromTheDict()
    {
        using var scope = NewDisposeScope();
        using var source = Sequential(Linear(5, 3));
        using var lazy = Sequential(new LazyLinear(3));
        PyTorchStateDict.Load(lazy, PyTorchStateDict.Of(source));
        Assert.Equal(new long[] { 3, 5 }, ((LazyLinear)lazy[0]).weight.shape);
        var x = rand(2, 5);
        Assert.Equal(Close.Values(source.call(x)), Close.Values(lazy.call(x)));
    }

    [Fact]
    public void To_Float64BeforeFirstForward_CreatesFloat64Parameters()
    {
        using var scope = NewDisposeScope();
        using var lazy = new LazyLinear(2);
        lazy.to(ScalarType.Float64);
        lazy.call(ones(new long[] { 1, 3 }, ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, lazy.weight.dtype);
        lazy.to(ScalarType.Float32);
        Assert.Equal(ScalarType.Float32, lazy.weight.dtype);
        Assert.Equal(ScalarType.Float32, lazy.parameters().First().dtype);
    }
}

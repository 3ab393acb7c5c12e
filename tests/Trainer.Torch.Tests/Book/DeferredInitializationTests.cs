using static Trainer.Torch.torch.nn;

namespace Trainer.Torch.Tests.Book;

/// <summary>Book ch. 5.3, deferred initialization: LazyLinear learns in_features at the first forward.</summary>
public class DeferredInitializationTests
{
    [Fact]
    public void LazyLinear_BeforeForward_ParameterIsUninitializedAndSaysSo()
    {
        using var net = new Sequential(new LazyLinear(256), new ReLU(), new Linear(256, 10));
        var w = ((Linear)net[0]).weight;
        Assert.IsType<UninitializedParameter>(w);
        Assert.Equal("<UninitializedParameter>", w.ToString());
        var e = Assert.Throws<InvalidOperationException>(() => w.shape);
        Assert.Contains("Can't access the shape of an uninitialized parameter", e.Message);
        Assert.Throws<InvalidOperationException>(() => net.state_dict());
        Assert.StartsWith("Sequential(\n  (0): LazyLinear(in_features=0, out_features=256, bias=True)", net.ToString());
    }

    [Fact]
    public void LazyLinear_AfterFirstForward_HasShapesAndStateDict()
    {
        using var scope = NewDisposeScope();
        using var net = new Sequential(new LazyLinear(256), new ReLU(), new Linear(256, 10));
        var y = net.call(rand(2, 20));
        Assert.Equal(new long[] { 2, 10 }, y.shape);
        Assert.Equal(new long[] { 256, 20 }, ((Linear)net[0]).weight.shape);
        var sd = net.state_dict();
        Assert.Equal(new long[] { 256, 20 }, sd["0.weight"].shape);
        Assert.Equal(new long[] { 256 }, sd["0.bias"].shape);
        Assert.Equal("Linear(in_features=20, out_features=256, bias=True)", net[0].ToString());
        Assert.Equal(4, net.parameters().Count());
        Assert.All(net.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void LazyLinear_LoadStateDict_TakesShapesFromTheDict()
    {
        using var scope = NewDisposeScope();
        using var source = new Sequential(new Linear(5, 3));
        using var lazy = new Sequential(new LazyLinear(3));
        lazy.load_state_dict(source.state_dict());
        Assert.Equal(new long[] { 3, 5 }, ((Linear)lazy[0]).weight.shape);
        var x = rand(2, 5);
        Assert.Equal(source.call(x).ToArray<float>(), lazy.call(x).ToArray<float>());
    }
}

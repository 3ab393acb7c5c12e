namespace Trainer.Torch.Tests.Ops;

public class AutogradTests
{
    [Fact]
    public void NoGrad_Scope_RecordsNothingAndRestores()
    {
        using var scope = NewDisposeScope();
        var w = ones(new long[] { 2 }, requires_grad: true);
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            var y = w * 2;
            Assert.False(y.requires_grad);
            Assert.Null(y.grad_fn_name());
            w.sub_(ones(2)); // an update of a leaf is allowed under no_grad
        }
        Assert.True(is_grad_enabled());
        Assert.Equal("MulBackward0", (w * 2).grad_fn_name());
        Assert.Equal(0f, w.sum().item<float>());
    }

    [Fact]
    public void Grad_AccumulatesUntilZeroed()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1f, 2f }, requires_grad: true);
        (x * x).sum().backward();
        (x * x).sum().backward();
        Assert.Equal(new float[] { 4, 8 }, x.grad!.ToArray<float>());
        x.grad!.zero_();
        Assert.Equal(new float[] { 0, 0 }, x.grad!.ToArray<float>());
        x.grad = null;
        Assert.Null(x.grad);
    }

    [Fact]
    public void Backward_RetainGraph_AllowsASecondPass()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 3f }, requires_grad: true);
        var y = (x * x).sum();
        y.backward(retain_graph: true);
        y.backward();
        Assert.Equal(12f, x.grad!.item<float>());
    }

    [Fact]
    public void Detach_IsOutsideTheGraph()
    {
        using var scope = NewDisposeScope();
        var x = ones(new long[] { 2 }, requires_grad: true);
        var d = (x * 3).detach();
        Assert.False(d.requires_grad);
        Assert.True(d.is_leaf);
        Assert.Equal(new float[] { 3, 3 }, d.ToArray<float>());
    }

    [Fact]
    public void Slicing_PropagatesGradientToTheSelectedElements()
    {
        using var scope = NewDisposeScope();
        var x = zeros(new long[] { 4 }, requires_grad: true);
        x[1..3].sum().backward();
        Assert.Equal(new float[] { 0, 1, 1, 0 }, x.grad!.ToArray<float>());
    }
}

[Collection(NativeState.Name)]
public class SeedTests
{
    [Fact]
    public void ManualSeed_SameSeed_RepeatsRandomNumbers()
    {
        using var scope = NewDisposeScope();
        manual_seed(42);
        var a = randn(5);
        var b = rand(3);
        var w = empty(4).normal_();
        manual_seed(42);
        Assert.True(a.equal(randn(5)));
        Assert.True(b.equal(rand(3)));
        Assert.True(w.equal(empty(4).normal_()));
        manual_seed(43);
        Assert.False(a.equal(randn(5)));
    }

    [Fact]
    public void ManualSeed_MatchesPyTorchDraws()
    {
        var expected = PyTorchPeer.Run("import torch\ntorch.manual_seed(7)\nprint(' '.join('%.6f' % v for v in torch.randn(4).tolist()))").Trim();
        using var scope = NewDisposeScope();
        manual_seed(7);
        var ours = string.Join(' ', randn(4).ToArray<float>().Select(v => ((double)v).ToString("F6", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected, ours);
    }
}

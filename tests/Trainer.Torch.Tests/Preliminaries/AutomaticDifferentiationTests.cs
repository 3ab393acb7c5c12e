namespace Trainer.Torch.Tests.Preliminaries;

/// <summary>d2l 2.5 "Automatic Differentiation", ported line by line with the book's printed values.</summary>
public class AutomaticDifferentiationTests
{
    [Fact]
    public void TwoXTransposeX_GradientIsFourX()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, ScalarType.Float32);
        x.requires_grad_(true);
        Assert.Null(x.grad);
        var y = 2 * dot(x, x);
        Assert.Equal("tensor(28., grad_fn=<MulBackward0>)", y.ToString());
        y.backward();
        Assert.Equal("tensor([ 0.,  4.,  8., 12.])", x.grad!.ToString());
        Assert.True(x.grad!.eq(4 * x).all().item<bool>());
    }

    [Fact]
    public void GradientOfSum_IsOnes()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, ScalarType.Float32).requires_grad_();
        (2 * dot(x, x)).backward();
        x.grad!.zero_();
        var y = x.sum();
        y.backward();
        Assert.Equal("tensor([1., 1., 1., 1.])", x.grad!.ToString());
    }

    [Fact]
    public void NonScalarBackward_WithGradientArgument_GivesTwoX()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, ScalarType.Float32).requires_grad_();
        var y = x * x;
        y.backward(ones(4));
        Assert.Equal("tensor([0., 2., 4., 6.])", x.grad!.ToString());
        x.grad = null;
        (x * x).sum().backward();
        Assert.Equal("tensor([0., 2., 4., 6.])", x.grad!.ToString());
    }

    [Fact]
    public void Detach_StopsGradientThroughU()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, ScalarType.Float32).requires_grad_();
        var y = x * x;
        var u = y.detach();
        var z = u * x;
        z.sum().backward();
        Assert.True(x.grad!.eq(u).all().item<bool>());
        x.grad!.zero_();
        y.sum().backward();
        Assert.True(x.grad!.eq(2 * x).all().item<bool>());
    }

    [Fact]
    public void PythonControlFlow_GradientIsDOverA()
    {
        using var scope = NewDisposeScope();
        static Tensor f(Tensor a)
        {
            var b = a * 2;
            while (b.norm().item<float>() < 1000) b = b * 2;
            return b.sum().item<float>() > 0 ? b : 100 * b;
        }
        var a = randn(Array.Empty<long>(), requires_grad: true);
        var d = f(a);
        d.backward();
        Assert.True(a.grad!.allclose(d / a));
    }
}

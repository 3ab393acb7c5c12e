using Trainer.Book.Tests.Support;

namespace Trainer.Book.Tests.Preliminaries;

/// <summary>d2l 2.5, automatic differentiation: y = 2xᵀx, gradient accumulation, detach.</summary>
public class AutomaticDifferentiationTests
{
    [Fact]
    public void TwoXTransposeX_GradientIsFourX()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, ScalarType.Float32).requires_grad_();
        Assert.Null(x.grad);
        var y = 2 * dot(x, x);
        Assert.Equal(28f, y.item<float>());
        y.backward();
        Assert.Equal(new float[] { 0, 4, 8, 12 }, Close.Values(x.grad!));
        Assert.True(x.grad!.Equals(4 * x.detach()));
    }

    [Fact]
    public void SumAfterZeroGrad_GradientIsOnes()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, ScalarType.Float32).requires_grad_();
        (2 * dot(x, x)).backward();
        x.grad!.zero_();
        x.sum().backward();
        Assert.Equal(new float[] { 1, 1, 1, 1 }, Close.Values(x.grad!));
    }

    [Fact]
    public void Backward_Twice_Accumulates()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, ScalarType.Float32).requires_grad_();
        x.sum().backward();
        x.sum().backward();
        Assert.Equal(new float[] { 2, 2, 2, 2 }, Close.Values(x.grad!));
    }

    [Fact]
    public void Detach_StopsTheGradientThroughU()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, ScalarType.Float32).requires_grad_();
        var y = x * x;
        var u = y.detach();
        var z = u * x;
        z.sum().backward();
        Assert.True(x.grad!.Equals(u));
        x.grad!.zero_();
        y.sum().backward();
        Assert.True(x.grad!.Equals(2 * x.detach()));
    }
}

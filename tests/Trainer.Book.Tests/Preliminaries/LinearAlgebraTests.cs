using Trainer.Book.Tests.Support;

namespace Trainer.Book.Tests.Preliminaries;

/// <summary>d2l 2.3, linear algebra: reductions by axis, keepdims, cumsum, dot/mv/mm, norms.</summary>
public class LinearAlgebraTests
{
    [Fact]
    public void SumAndMeanByAxis_AsTheNotes()
    {
        using var scope = NewDisposeScope();
        var A = arange(20, ScalarType.Float32).reshape(5, 4);
        Assert.Equal(190f, A.sum().item<float>());
        // dim: named, because a literal 0 binds to sum(ScalarType) (C# converts constant 0 to any enum): the total.
        Assert.Equal(new float[] { 40, 45, 50, 55 }, Close.Values(A.sum(dim: 0)));
        Assert.Equal(new float[] { 190 }, Close.Values(A.sum(0)));
        Assert.Equal(new float[] { 6, 22, 38, 54, 70 }, Close.Values(A.sum(1)));
        Assert.Equal(9.5f, A.mean().item<float>());
        Assert.Equal(9.5f, (A.sum() / A.numel()).item<float>());
        var X = tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new long[] { 1, 3 }, X.sum(dim: 0, keepdim: true).shape);
        Assert.Equal(new float[] { 6, 15 }, Close.Values(X.sum(1, keepdim: true)));
        Assert.Equal(new long[] { 2, 1 }, X.sum(1, keepdim: true).shape);
    }

    [Fact]
    public void Cumsum_AlongRows_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var A = arange(20, ScalarType.Float32).reshape(5, 4);
        Assert.Equal(new float[] { 40, 45, 50, 55 }, Close.Values(A.cumsum(0)[4]));
        Assert.Equal(new float[] { 4, 6, 8, 10 }, Close.Values(A.cumsum(0)[1]));
    }

    [Fact]
    public void DotMvMm_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, ScalarType.Float32);
        var y = ones(4);
        Assert.Equal(6f, dot(x, y).item<float>());
        Assert.Equal(6f, sum(x * y).item<float>());
        var A = arange(20, ScalarType.Float32).reshape(5, 4);
        Assert.Equal(new float[] { 14, 38, 62, 86, 110 }, Close.Values(mv(A, x)));
        var B = ones(4, 3);
        Assert.Equal(new float[] { 6, 6, 6 }, Close.Values(mm(A, B)[0]));
        Assert.Equal(new long[] { 5, 3 }, mm(A, B).shape);
    }

    [Fact]
    public void Norms_L2L1Frobenius_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var u = tensor(new[] { 3.0f, -4.0f });
        Assert.Equal(5f, u.norm().item<float>());
        Assert.Equal(7f, abs(u).sum().item<float>());
        Assert.Equal(6f, ones(4, 9).norm().item<float>());
    }

    [Fact]
    public void FancyIndex_PicksPredictedProbabilities()
    {
        using var scope = NewDisposeScope();
        var y = tensor(new long[] { 0, 2 });
        var y_hat = tensor(new float[,] { { 0.1f, 0.3f, 0.6f }, { 0.3f, 0.2f, 0.5f } });
        Assert.Equal(new float[] { 0.1f, 0.5f }, Close.Values(y_hat[tensor(new long[] { 0, 1 }), y]));
    }
}

namespace Trainer.Torch.Tests.Preliminaries;

/// <summary>d2l 2.3 "Linear Algebra", ported line by line with the book's printed values.</summary>
public class LinearAlgebraTests
{
    [Fact]
    public void Scalars_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var x = tensor(3.0f);
        var y = tensor(2.0f);
        Assert.Equal("tensor(5.)", (x + y).ToString());
        Assert.Equal("tensor(6.)", (x * y).ToString());
        Assert.Equal("tensor(1.5000)", (x / y).ToString());
        Assert.Equal("tensor(9.)", x.pow(y).ToString());
    }

    [Fact]
    public void VectorsMatricesTransposes_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var x = arange(4);
        Assert.Equal("tensor([0, 1, 2, 3])", x.ToString());
        Assert.Equal("tensor(3)", x[3].ToString());
        Assert.Equal(4, x.shape[0]);
        var A = arange(20).reshape(5, 4);
        Assert.Equal("tensor([[ 0,  4,  8, 12, 16],\n        [ 1,  5,  9, 13, 17],\n        [ 2,  6, 10, 14, 18],\n        [ 3,  7, 11, 15, 19]])",
            A.T.ToString());
        var B = tensor(new long[,] { { 1, 2, 3 }, { 2, 0, 4 }, { 3, 4, 5 } });
        Assert.True(B.eq(B.T).all().item<bool>());
        Assert.Equal(new long[] { 2, 3, 4 }, (2 * arange(24).reshape(2, 3, 4)).shape);
    }

    [Fact]
    public void SumByAxisWithKeepdim_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, ScalarType.Float32);
        Assert.Equal("tensor(6.)", x.sum().ToString());
        var A = arange(20, ScalarType.Float32).reshape(5, 4);
        Assert.Equal("tensor(190.)", A.sum().ToString());
        var sum0 = A.sum(0);
        Assert.Equal("tensor([40., 45., 50., 55.])", sum0.ToString());
        Assert.Equal(new long[] { 4 }, sum0.shape);
        Assert.Equal("tensor([ 6., 22., 38., 54., 70.])", A.sum(1).ToString());
        Assert.Equal("tensor(190.)", A.sum(new long[] { 0, 1 }).ToString());
        Assert.Equal("tensor(9.5000)", A.mean().ToString());
        Assert.Equal("tensor(9.5000)", (A.sum() / A.numel()).ToString());
        Assert.Equal("tensor([ 8.,  9., 10., 11.])", A.mean(0).ToString());
        var sumA = A.sum(1, keepdim: true);
        Assert.Equal("tensor([[ 6.],\n        [22.],\n        [38.],\n        [54.],\n        [70.]])", sumA.ToString());
        Assert.Equal(new long[] { 5, 4 }, (A / sumA).shape);
        Assert.Equal(1f, (A / sumA).sum(1)[0].item<float>(), 5);
    }

    [Fact]
    public void Cumsum_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var A = arange(20, ScalarType.Float32).reshape(5, 4);
        Assert.Equal("tensor([[ 0.,  1.,  2.,  3.],\n        [ 4.,  6.,  8., 10.],\n        [12., 15., 18., 21.],\n"
                     + "        [24., 28., 32., 36.],\n        [40., 45., 50., 55.]])", A.cumsum(0).ToString());
    }

    [Fact]
    public void DotMvMm_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, ScalarType.Float32);
        var y = ones(4);
        Assert.Equal("tensor(6.)", dot(x, y).ToString());
        Assert.Equal("tensor(6.)", sum(x * y).ToString());
        var A = arange(20, ScalarType.Float32).reshape(5, 4);
        Assert.Equal("tensor([ 14.,  38.,  62.,  86., 110.])", mv(A, x).ToString());
        var B = ones(4, 3);
        Assert.Equal("tensor([[ 6.,  6.,  6.],\n        [22., 22., 22.],\n        [38., 38., 38.],\n        [54., 54., 54.],\n        [70., 70., 70.]])",
            mm(A, B).ToString());
    }

    [Fact]
    public void Norms_L2L1Frobenius_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var u = tensor(new[] { 3.0f, -4.0f });
        Assert.Equal("tensor(5.)", norm(u).ToString());
        Assert.Equal("tensor(7.)", abs(u).sum().ToString());
        Assert.Equal("tensor(6.)", norm(ones(4, 9)).ToString());
    }
}

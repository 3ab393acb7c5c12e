namespace Trainer.Torch.Tests.Preliminaries;

/// <summary>d2l 2.1 "Data Manipulation", ported line by line; expected strings are the book's printed output.</summary>
public class DataManipulationTests
{
    [Fact]
    public void Arange_Reshape_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var x = arange(12);
        Assert.Equal("tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11])", x.ToString());
        Assert.Equal(new long[] { 12 }, x.shape);
        Assert.Equal(12, x.numel());
        var X = x.reshape(3, 4);
        Assert.Equal("tensor([[ 0,  1,  2,  3],\n        [ 4,  5,  6,  7],\n        [ 8,  9, 10, 11]])", X.ToString());
        Assert.Equal(new long[] { 3, 4 }, x.reshape(-1, 4).shape);
    }

    [Fact]
    public void ZerosOnesRandnTensor_AsTheBook()
    {
        using var scope = NewDisposeScope();
        Assert.Equal("tensor([[[0., 0., 0., 0.],\n         [0., 0., 0., 0.],\n         [0., 0., 0., 0.]],\n\n"
                     + "        [[0., 0., 0., 0.],\n         [0., 0., 0., 0.],\n         [0., 0., 0., 0.]]])",
            zeros(2, 3, 4).ToString());
        Assert.Equal(24f, ones(2, 3, 4).sum().item<float>());
        Assert.Equal(new long[] { 3, 4 }, randn(3, 4).shape);
        Assert.Equal("tensor([[2, 1, 4, 3],\n        [1, 2, 3, 4],\n        [4, 3, 2, 1]])",
            tensor(new long[,] { { 2, 1, 4, 3 }, { 1, 2, 3, 4 }, { 4, 3, 2, 1 } }).ToString());
    }

    [Fact]
    public void ElementwiseOperators_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1.0f, 2, 4, 8 });
        var y = tensor(new[] { 2f, 2, 2, 2 });
        Assert.Equal("tensor([ 3.,  4.,  6., 10.])", (x + y).ToString());
        Assert.Equal("tensor([-1.,  0.,  2.,  6.])", (x - y).ToString());
        Assert.Equal("tensor([ 2.,  4.,  8., 16.])", (x * y).ToString());
        Assert.Equal("tensor([0.5000, 1.0000, 2.0000, 4.0000])", (x / y).ToString());
        Assert.Equal("tensor([ 1.,  4., 16., 64.])", x.pow(y).ToString());
        Assert.Equal("tensor([2.7183e+00, 7.3891e+00, 5.4598e+01, 2.9810e+03])", exp(x).ToString());
    }

    [Fact]
    public void Cat_AlongBothDims_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var X = arange(12, ScalarType.Float32).reshape(3, 4);
        var Y = tensor(new float[,] { { 2, 1, 4, 3 }, { 1, 2, 3, 4 }, { 4, 3, 2, 1 } });
        Assert.Equal("tensor([[ 0.,  1.,  2.,  3.],\n        [ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.],\n"
                     + "        [ 2.,  1.,  4.,  3.],\n        [ 1.,  2.,  3.,  4.],\n        [ 4.,  3.,  2.,  1.]])",
            cat(new[] { X, Y }, dim: 0).ToString());
        Assert.Equal("tensor([[ 0.,  1.,  2.,  3.,  2.,  1.,  4.,  3.],\n        [ 4.,  5.,  6.,  7.,  1.,  2.,  3.,  4.],\n"
                     + "        [ 8.,  9., 10., 11.,  4.,  3.,  2.,  1.]])",
            cat(new[] { X, Y }, dim: 1).ToString());
        Assert.Equal("tensor([[False,  True, False,  True],\n        [False, False, False, False],\n        [False, False, False, False]])",
            X.eq(Y).ToString());
        Assert.Equal("tensor(66.)", X.sum().ToString());
    }

    [Fact]
    public void Broadcasting_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var a = arange(3).reshape(3, 1);
        var b = arange(2).reshape(1, 2);
        Assert.Equal("tensor([[0, 1],\n        [1, 2],\n        [2, 3]])", (a + b).ToString());
    }

    [Fact]
    public void IndexingAndSlicing_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var X = arange(12, ScalarType.Float32).reshape(3, 4);
        Assert.Equal("tensor([ 8.,  9., 10., 11.])", X[^1].ToString());
        Assert.Equal("tensor([[ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]])", X[1..3].ToString());
        X[1, 2] = 9;
        X[0..2, ..] = 12;
        Assert.Equal("tensor([[12., 12., 12., 12.],\n        [12., 12., 12., 12.],\n        [ 8.,  9., 10., 11.]])", X.ToString());
    }

    [Fact]
    public void SavingMemory_SliceAssignAndInPlaceAdd_KeepTheSameTensor()
    {
        using var scope = NewDisposeScope();
        var X = arange(12, ScalarType.Float32).reshape(3, 4);
        var Y = ones(3, 4);
        var Z = zeros_like(Y);
        var before = Z.alias();
        Z[..] = X + Y;
        Assert.True(before.is_same(Z));
        Assert.Equal(78f, before.sum().item<float>());
        X.add_(Y); // X += Y
        Assert.Equal(78f, X.sum().item<float>());
    }

    [Fact]
    public void Conversion_ItemFloatInt_AsTheBook()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 3.5f });
        Assert.Equal("tensor([3.5000])", a.ToString());
        Assert.Equal(3.5f, a.item<float>());
        Assert.Equal(3.5, a.item<double>());
        Assert.Equal(3, (int)a.item<double>());
        Assert.Equal(new float[] { 3.5f }, a.ToArray<float>());
    }
}

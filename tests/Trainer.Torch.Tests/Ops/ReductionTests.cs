namespace Trainer.Torch.Tests.Ops;

public class ReductionTests
{
    [Fact]
    public void SumMean_ByDimWithKeepdim_AsPyTorch()
    {
        using var scope = NewDisposeScope();
        var a = arange(6, ScalarType.Float32).reshape(2, 3);
        Assert.Equal(15f, a.sum().item<float>());
        Assert.Equal(new float[] { 3, 5, 7 }, a.sum(0).ToArray<float>());
        Assert.Equal(new long[] { 2, 1 }, a.sum(1, keepdim: true).shape);
        Assert.Equal(new float[] { 3, 12 }, a.sum(1, keepdim: true).ToArray<float>());
        Assert.Equal(15f, a.sum(new long[] { 0, 1 }).item<float>());
        Assert.Equal(2.5f, a.mean().item<float>());
        Assert.Equal(new float[] { 1, 4 }, a.mean(1).ToArray<float>());
    }

    [Fact]
    public void MaxArgmax_ByDim_GiveValuesAndIndices()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 9, 3, 7, 2, 8 }, new long[] { 2, 3 });
        Assert.Equal(9f, a.max().item<float>());
        var (values, indices) = a.max(1);
        Assert.Equal(new float[] { 9, 8 }, values.ToArray<float>());
        Assert.Equal(new long[] { 1, 2 }, indices.ToArray<long>());
        Assert.Equal(1L, a.argmax().item<long>());
        Assert.Equal(new long[] { 1, 0, 1 }, a.argmax(0).ToArray<long>());
        Assert.Equal(new long[] { 2, 1 }, a.argmax(1, keepdim: true).shape);
        Assert.Equal(1f, a.min().item<float>());
    }

    [Fact]
    public void Cumsum_AlongRows_AccumulatesDownColumns()
    {
        using var scope = NewDisposeScope();
        var a = arange(6, ScalarType.Float32).reshape(3, 2);
        Assert.Equal(new float[] { 0, 1, 2, 4, 6, 9 }, a.cumsum(0).ToArray<float>());
    }

    [Fact]
    public void Mean_OfIntegerTensor_ThrowsWrongDtype()
    {
        using var a = arange(4);
        var e = Assert.Throws<TorchException>(() => a.mean());
        Assert.Contains("Long", e.Message);
    }
}

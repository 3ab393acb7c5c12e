namespace Trainer.Torch.Tests.Ops;

public class ElementwiseTests
{
    [Fact]
    public void UnaryMath_MatchesSystemMath()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[] { 1, 4, 9 });
        Assert.Equal(new double[] { 1, 2, 3 }, x.sqrt().ToArray<double>());
        Assert.Equal(new[] { Math.Exp(1), Math.Exp(4), Math.Exp(9) }, x.exp().ToArray<double>());
        Assert.Equal(new[] { 0, Math.Log(4), Math.Log(9) }, x.log().ToArray<double>());
        Assert.Equal(new double[] { -1, -4, -9 }, (-x).ToArray<double>());
        Assert.Equal(new double[] { 1, 4, 9 }, (-x).abs().ToArray<double>());
        Assert.Equal(new double[] { 1, 16, 81 }, x.pow(2).ToArray<double>());
        Assert.Equal(new double[] { 2, 16, 512 }, pow(2, x).ToArray<double>());
        Assert.Equal(new double[] { 2, 4, 5 }, x.clamp(2, 5).ToArray<double>());
    }

    [Fact]
    public void Comparisons_GiveBoolTensors()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3 });
        var y = tensor(new float[] { 3, 2, 1 });
        var eqs = x.eq(y);
        Assert.Equal(ScalarType.Bool, eqs.dtype);
        Assert.Equal(new[] { false, true, false }, eqs.ToArray<bool>());
        Assert.Equal(new[] { true, false, false }, (x < y).ToArray<bool>());
        Assert.Equal(new[] { false, false, true }, (x > 2).ToArray<bool>());
        Assert.Equal(new[] { true, true, false }, (x <= 2).ToArray<bool>());
        Assert.Equal(new[] { true, false, true }, (~eqs).ToArray<bool>());
        Assert.Equal(new float[] { 3, 2, 3 }, x.maximum(y).ToArray<float>());
        Assert.Equal(new float[] { 0, 2, 3 }, where(x > 1, x, zeros_like(x)).ToArray<float>());
        Assert.True(x.equal(x.clone()));
        Assert.False(x.equal(y));
    }

    [Fact]
    public void Arithmetic_TwoDtypes_Promotes()
    {
        using var scope = NewDisposeScope();
        var i = arange(3);
        var f = ones(3);
        Assert.Equal(ScalarType.Float32, (i + f).dtype);
        Assert.Equal(ScalarType.Float32, (i / 2).dtype);
        Assert.Equal(ScalarType.Int64, (i + 1).dtype);      // Python int keeps int64
        Assert.Equal(ScalarType.Int64, (2 * i - 1).dtype);
        Assert.Equal(ScalarType.Float32, (i + 0.5).dtype);  // Python float gives the default float
        Assert.Equal(new long[] { -1, 1, 3 }, (2 * i - 1).ToArray<long>());
        Assert.Equal(ScalarType.Float32, (ones(2) * 3).dtype); // a number never widens a float32 tensor
        Assert.Equal(ScalarType.Int32, (tensor(new[] { 1, 2 }) + 1).dtype);
    }
}

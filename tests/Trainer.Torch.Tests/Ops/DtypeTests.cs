namespace Trainer.Torch.Tests.Ops;

public class DtypeTests
{
    [Fact]
    public void FromArrays_EachElementType_GivesMatchingDtype()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(ScalarType.Float32, tensor(new float[] { 1 }).dtype);
        Assert.Equal(ScalarType.Float64, tensor(new double[] { 1 }).dtype);
        Assert.Equal(ScalarType.Int64, tensor(new long[] { 1 }).dtype);
        Assert.Equal(ScalarType.Int32, tensor(new int[] { 1 }).dtype);
        Assert.Equal(ScalarType.UInt8, tensor(new byte[] { 1 }).dtype);
        Assert.Equal(ScalarType.Bool, tensor(new[] { true }).dtype);
    }

    [Fact]
    public void Conversions_RoundTripValues()
    {
        using var scope = NewDisposeScope();
        var f = tensor(new[] { 1.7f, -2.2f, 0f });
        Assert.Equal(new long[] { 1, -2, 0 }, f.@long().ToArray<long>());
        Assert.Equal(new[] { 1, -2, 0 }, f.@int().ToArray<int>());
        Assert.Equal(new[] { true, true, false }, f.@bool().ToArray<bool>());
        Assert.Equal(new byte[] { 1, 0, 1 }, tensor(new[] { true, false, true }).@byte().ToArray<byte>());
        Assert.Equal(new[] { 1.7f, -2.2f, 0f }, f.@double().@float().ToArray<float>());
        Assert.Equal(new[] { 1.0, 0.0 }, tensor(new[] { true, false }).to(ScalarType.Float64).ToArray<double>());
    }

    [Fact]
    public void Factories_AllCreationForms_GiveExpectedValues()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new float[] { 7, 7 }, full(new long[] { 2 }, 7).ToArray<float>());
        Assert.Equal(new float[] { 1, 0, 0, 1 }, eye(2).ToArray<float>());
        Assert.Equal(new double[] { 0, 0.5, 1, 1.5 }, arange(0, 2, 0.5, ScalarType.Float64).ToArray<double>());
        Assert.Equal(new long[] { 2, 3 }, ones_like(zeros(2, 3)).shape);
        var r = rand(1000);
        Assert.True(r.min().item<float>() >= 0 && r.max().item<float>() < 1);
        Assert.InRange(randn(10000).mean().item<float>(), -0.1f, 0.1f);
    }

    [Fact]
    public void InPlaceOps_ChangeTheSameTensor()
    {
        using var scope = NewDisposeScope();
        var x = zeros(4);
        Assert.Same(x, x.add_(1));
        x.mul_(3).sub_(1).div_(2);
        Assert.Equal(new float[] { 1, 1, 1, 1 }, x.ToArray<float>());
        x.fill_(5).zero_();
        Assert.Equal(0f, x.sum().item<float>());
        x.copy_(arange(4, ScalarType.Float32));
        Assert.Equal(new float[] { 0, 1, 2, 3 }, x.ToArray<float>());
        x.uniform_(-1, 1);
        Assert.True(x.abs().max().item<float>() <= 1);
        x.normal_(10, 0.01);
        Assert.InRange(x.mean().item<float>(), 9.9f, 10.1f);
    }

    [Fact]
    public void CloneDetachContiguous_CopyOrAlias()
    {
        using var scope = NewDisposeScope();
        var x = arange(6, ScalarType.Float32).reshape(2, 3).requires_grad_();
        var c = x.clone();
        Assert.True(c.requires_grad);
        var d = x.detach();
        Assert.False(d.requires_grad);
        d[0, 0] = 100;
        Assert.Equal(100f, x[0, 0].item<float>()); // detach shares storage
        Assert.False(x.T.is_contiguous());
        Assert.True(x.T.contiguous().is_contiguous());
    }
}

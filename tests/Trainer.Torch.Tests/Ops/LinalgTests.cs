namespace Trainer.Torch.Tests.Ops;

public class LinalgTests
{
    [Fact]
    public void MmMvDot_AsPyTorch()
    {
        using var scope = NewDisposeScope();
        var a = arange(6, ScalarType.Float32).reshape(2, 3);
        var v = ones(3);
        Assert.Equal(new float[] { 3, 12 }, a.mv(v).ToArray<float>());
        Assert.Equal(new float[] { 3, 3, 12, 12 }, a.mm(ones(3, 2)).ToArray<float>());
        Assert.Equal(3f, v.dot(v).item<float>());
        Assert.Equal(new long[] { 2, 2 }, mm(a, a.T).shape);
    }

    [Fact]
    public void Norms_L2L1Frobenius()
    {
        using var scope = NewDisposeScope();
        var u = tensor(new float[] { 3, -4 });
        Assert.Equal(5f, u.norm().item<float>());
        Assert.Equal(7f, u.abs().sum().item<float>());
        Assert.Equal(7f, u.norm(1).item<float>());
        Assert.Equal(6f, ones(4, 9).norm().item<float>());
    }

    [Fact]
    public void Mv_ShapeMismatch_ThrowsTorchException()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<TorchException>(() => ones(2, 3).mv(ones(4)));
        Assert.Throws<TorchException>(() => ones(3).dot(ones(4)));
    }
}

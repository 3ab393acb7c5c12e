namespace Trainer.Torch.Tests;

public class TensorCoreTests
{
    [Fact]
    public void Tensor_FromArrayWithShape_RoundTripsValuesAndShape()
    {
        using var t = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(6, t.numel());
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(Device.CPU, t.device);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.ToArray<float>());
    }

    [Fact]
    public void Tensor_ShapeNotMatchingData_ThrowsNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => tensor(new float[] { 1, 2, 3 }, new long[] { 2, 2 }));
        Assert.Contains("holds 4 elements but 3 were given", e.Message);
    }

    [Fact]
    public void Matmul_ShapeMismatch_ThrowsTorchExceptionWithLibtorchMessage()
    {
        using var a = ones(2, 3);
        using var b = ones(2, 3);
        var e = Assert.Throws<TorchException>(() => a.matmul(b));
        Assert.Contains("cannot be multiplied", e.Message);
        using var ok = a.matmul(ones(3, 2));
        Assert.Equal(new long[] { 2, 2 }, ok.shape);
    }

    [Fact]
    public void Operators_Broadcast_AsPyTorch()
    {
        using var scope = NewDisposeScope();
        var a = arange(3).reshape(3, 1);
        var b = arange(2).reshape(1, 2);
        var c = a + b;
        Assert.Equal(new long[] { 3, 2 }, c.shape);
        Assert.Equal(new long[] { 0, 1, 1, 2, 2, 3 }, c.ToArray<long>());
    }

    [Fact]
    public void Disposed_TensorUsed_ThrowsObjectDisposed()
    {
        var t = zeros(2);
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.numel());
    }
}

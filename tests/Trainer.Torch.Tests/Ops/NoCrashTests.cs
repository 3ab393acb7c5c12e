namespace Trainer.Torch.Tests.Ops;

/// <summary>
/// Bad input from C# raises a TorchException carrying libtorch's message, and the process
/// (this test run) carries on using libtorch afterwards.
/// </summary>
public class NoCrashTests
{
    [Fact]
    public void Matmul_ShapeMismatch_ThrowsClearException()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => ones(2, 3).matmul(ones(4, 5)));
        Assert.Contains("2x3 and 4x5", e.Message);
        Assert.Equal(new long[] { 2, 5 }, ones(2, 3).matmul(ones(3, 5)).shape);
    }

    [Fact]
    public void Index_OutOfRange_ThrowsClearException()
    {
        using var scope = NewDisposeScope();
        var x = arange(3);
        var e = Assert.Throws<TorchException>(() => x[3]);
        Assert.Contains("index 3 is out of bounds for dimension 0 with size 3", e.Message);
        Assert.Throws<TorchException>(() => x.select(0, -4));
        Assert.Throws<TorchException>(() => x.index_select(0, tensor(new long[] { 10 })));
    }

    [Fact]
    public void WrongDtypeForOp_ThrowsClearException()
    {
        using var scope = NewDisposeScope();
        // mm between float and int64, mean of integers, and a float index all refuse.
        var e = Assert.Throws<TorchException>(() => ones(2, 2).mm(ones(new long[] { 2, 2 }, ScalarType.Int64)));
        Assert.Contains("expected", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<TorchException>(() => arange(3).mean());
        Assert.Throws<TorchException>(() => arange(3)[ones(1)]);
        Assert.Throws<TorchException>(() => ones(3).logical_not().sub_(ones(3)));
    }

    [Fact]
    public void MoveToCuda_WithoutThatGpu_ThrowsClearException()
    {
        using var scope = NewDisposeScope();
        // cuda:N with N past the last GPU fails on every machine, with or without CUDA.
        var past = cuda.device_count();
        var e = Assert.Throws<TorchException>(() => ones(2).to(new Device(DeviceType.CUDA, past)));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        if (!cuda.is_available())
            Assert.Throws<TorchException>(() => ones(2).cuda());
    }

    [Fact]
    public void OpsAcrossTwoDevices_ThrowClearException()
    {
        using var scope = NewDisposeScope();
        if (cuda.is_available())
        {
            var e = Assert.Throws<TorchException>(() => ones(2) + ones(2).cuda());
            Assert.Contains("same device", e.Message);
        }
        else
        {
            // Without a GPU the second device cannot even be reached; that is the clear error.
            var e = Assert.Throws<TorchException>(() => ones(2) + ones(2).to(new Device("cuda:0")));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
        Assert.Equal(4f, (ones(2) + ones(2)).sum().item<float>());
    }

    [Fact]
    public void Backward_OfNonScalarWithoutGradient_ThrowsClearException()
    {
        using var scope = NewDisposeScope();
        var x = ones(new long[] { 3 }, requires_grad: true);
        var e = Assert.Throws<TorchException>(() => (x * 2).backward());
        Assert.Contains("scalar", e.Message);
        var noGrad = ones(3);
        Assert.Throws<TorchException>(() => noGrad.sum().backward());
    }

    [Fact]
    public void ManyFailures_InARow_LeaveLibtorchUsable()
    {
        using var scope = NewDisposeScope();
        for (var i = 0; i < 100; i++)
            Assert.Throws<TorchException>(() => ones(2, 3).mm(ones(2, 3)));
        Assert.Equal(6f, ones(2, 3).sum().item<float>());
    }
}

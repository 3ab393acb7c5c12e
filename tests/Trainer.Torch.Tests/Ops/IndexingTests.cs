namespace Trainer.Torch.Tests.Ops;

public class IndexingTests
{
    [Fact]
    public void Indexer_RangesAndFromEnd_AsPythonSlices()
    {
        using var scope = NewDisposeScope();
        var x = arange(12).reshape(3, 4);
        Assert.Equal(new long[] { 8, 9, 10, 11 }, x[^1].ToArray<long>());            // x[-1]
        Assert.Equal(new long[] { 4, 5, 6, 7, 8, 9, 10, 11 }, x[1..3].ToArray<long>()); // x[1:3]
        Assert.Equal(new long[] { 1, 2, 5, 6, 9, 10 }, x[.., 1..^1].ToArray<long>());    // x[:, 1:-1]
        Assert.Equal(0L, x[^0..].numel());
        Assert.Equal(6L, x[1, 2].item<long>());
        Assert.Equal(new long[] { 0, 2, 8, 10 }, x[TensorIndex.Slice(null, null, 2), TensorIndex.Slice(0, null, 2)].ToArray<long>());
        Assert.Equal(new long[] { 3, 1, 4 }, x[.., TensorIndex.None].shape);
        Assert.Equal(new long[] { 3 }, x[TensorIndex.Ellipsis, 0].shape);
    }

    [Fact]
    public void Indexer_IndexTensorAndMask_SelectElements()
    {
        using var scope = NewDisposeScope();
        var x = arange(12).reshape(3, 4);
        var rows = tensor(new long[] { 2, 0 });
        Assert.Equal(new long[] { 8, 9, 10, 11, 0, 1, 2, 3 }, x[rows].ToArray<long>());
        Assert.Equal(new long[] { 9, 10, 11 }, x[x > 8].ToArray<long>());
    }

    [Fact]
    public void IndexerSetter_ScalarAndTensor_WriteThrough()
    {
        using var scope = NewDisposeScope();
        var x = zeros(3, 4);
        x[0, 0] = 42;
        x[1..3, ..] = 12;
        x[.., 3] = tensor(new float[] { 7, 8, 9 });
        Assert.Equal(new float[] { 42, 0, 0, 7, 12, 12, 12, 8, 12, 12, 12, 9 }, x.ToArray<float>());
        x[x > 10] = 0;
        Assert.Equal(24f, x.sum().item<float>());
    }

    [Fact]
    public void DataSlice_AssignedOnParameter_ChangesParameterWithoutGrad()
    {
        using var scope = NewDisposeScope();
        using var w = new Parameter(ones(2, 2));
        w.data[0] = 42;                  // net[0].weight.data[0] = 42
        w.data[..] = w.data[..] + 1;     // weight.data[:] += 1
        Assert.Equal(new float[] { 43, 43, 2, 2 }, w.ToArray<float>());
        Assert.True(w.requires_grad);
        Assert.True(w.is_leaf);
    }

    [Fact]
    public void Indexer_OutOfRange_ThrowsTorchException()
    {
        using var scope = NewDisposeScope();
        var x = arange(6).reshape(2, 3);
        var e = Assert.Throws<TorchException>(() => x[5]);
        Assert.Contains("out of bounds", e.Message);
        Assert.Throws<TorchException>(() => x[0, 0, 0]);
        Assert.Throws<TorchException>(() => x[tensor(new long[] { 7 })]);
        Assert.Equal(6L, x.numel()); // the process and the tensor carry on
    }

    [Fact]
    public void IndexSelectGatherMaskedSelect_AsPyTorch()
    {
        using var scope = NewDisposeScope();
        var x = arange(6).reshape(2, 3);
        Assert.Equal(new long[] { 2, 5 }, x.index_select(1, tensor(new long[] { 2 })).ToArray<long>());
        Assert.Equal(new long[] { 1, 5 }, x.gather(1, tensor(new long[] { 1, 2 }, new long[] { 2, 1 })).ToArray<long>());
        Assert.Equal(new long[] { 4, 5 }, x.masked_select(x >= 4).ToArray<long>());
    }
}

[Collection(NativeState.Name)]
public class IndexingMemoryTests
{
    [Fact]
    public void IndexerSetter_NumberOnTheRight_LeavesNoTemporaryBehind()
    {
        using var x = zeros(3);
        var before = Tensor.LiveCount;
        x[1] = 5;
        x[^1] = 7.5;
        Assert.Equal(before, Tensor.LiveCount);
        Assert.Equal(new float[] { 0, 5, 7.5f }, x.ToArray<float>());
    }
}

namespace Trainer.Torch.Tests.Ops;

public class ShapeOpsTests
{
    [Fact]
    public void Reshape_ArangeTwelve_GivesThreeByFourRowMajor()
    {
        using var scope = NewDisposeScope();
        var x = arange(12).reshape(3, 4);
        Assert.Equal(new long[] { 3, 4 }, x.shape);
        Assert.Equal(new long[] { 4, 5, 6, 7 }, x.select(0, 1).ToArray<long>());
        Assert.Equal(new long[] { 2, 6 }, x.reshape(-1, 6).shape);
        Assert.Equal(new long[] { 12 }, x.view(12).shape);
    }

    [Fact]
    public void View_NonContiguous_ThrowsTorchException()
    {
        using var scope = NewDisposeScope();
        var x = arange(6).reshape(2, 3).t();
        var e = Assert.Throws<TorchException>(() => x.view(6));
        Assert.Contains("view", e.Message);
        Assert.Equal(new long[] { 0, 3, 1, 4, 2, 5 }, x.reshape(6).ToArray<long>());
    }

    [Fact]
    public void TransposePermuteT_MoveDimensions()
    {
        using var scope = NewDisposeScope();
        var x = arange(24).reshape(2, 3, 4);
        Assert.Equal(new long[] { 4, 3, 2 }, x.T.shape);
        Assert.Equal(new long[] { 3, 2, 4 }, x.transpose(0, 1).shape);
        Assert.Equal(new long[] { 4, 2, 3 }, x.permute(2, 0, 1).shape);
        var m = arange(6).reshape(2, 3);
        Assert.Equal(new long[] { 0, 3, 1, 4, 2, 5 }, m.T.contiguous().ToArray<long>());
        Assert.Equal(new long[] { 0, 3, 1, 4, 2, 5 }, m.t().flatten().ToArray<long>());
    }

    [Fact]
    public void UnsqueezeSqueezeFlatten_ChangeRank()
    {
        using var scope = NewDisposeScope();
        var x = arange(6).reshape(2, 3);
        Assert.Equal(new long[] { 1, 2, 3 }, x.unsqueeze(0).shape);
        Assert.Equal(new long[] { 2, 3, 1 }, x.unsqueeze(-1).shape);
        Assert.Equal(new long[] { 2, 3 }, x.unsqueeze(0).unsqueeze(2).squeeze().shape);
        Assert.Equal(new long[] { 2, 1, 3 }, x.unsqueeze(0).unsqueeze(2).squeeze(0).shape);
        Assert.Equal(new long[] { 6 }, x.flatten().shape);
        Assert.Equal(new long[] { 2, 12 }, zeros(2, 3, 4).flatten(1).shape);
    }

    [Fact]
    public void CatStack_JoinAlongDims()
    {
        using var scope = NewDisposeScope();
        var a = zeros(2, 3);
        var b = ones(2, 3);
        Assert.Equal(new long[] { 4, 3 }, cat(new[] { a, b }).shape);
        Assert.Equal(new long[] { 2, 6 }, cat(new[] { a, b }, 1).shape);
        Assert.Equal(new long[] { 2, 2, 3 }, stack(new[] { a, b }).shape);
        Assert.Equal(new long[] { 2, 3, 2 }, stack(new[] { a, b }, 2).shape);
        Assert.Equal(new float[] { 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1 }, cat(new[] { a, b }, 1).ToArray<float>());
    }

    [Fact]
    public void Cat_MismatchedShapes_ThrowsTorchException()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => cat(new[] { zeros(2, 3), zeros(2, 4) }));
        Assert.Contains("Sizes of tensors must match", e.Message);
        Assert.Throws<ArgumentException>(() => cat(Array.Empty<Tensor>()));
    }

    [Fact]
    public void SplitChunk_ReturnPieces()
    {
        using var scope = NewDisposeScope();
        var x = arange(10);
        var parts = x.split(4);
        Assert.Equal(3, parts.Length);
        Assert.Equal(new long[] { 8, 9 }, parts[2].ToArray<long>());
        Assert.Equal(2, x.chunk(2).Length);
    }

    [Fact]
    public void View_SharesStorage_WritesAreVisible()
    {
        using var scope = NewDisposeScope();
        var x = zeros(2, 3);
        x.view(6).fill_(5);
        Assert.Equal(30f, x.sum().item<float>());
        x.T.select(0, 0).fill_(1); // column 0
        Assert.Equal(new float[] { 1, 5, 5, 1, 5, 5 }, x.ToArray<float>());
    }
}

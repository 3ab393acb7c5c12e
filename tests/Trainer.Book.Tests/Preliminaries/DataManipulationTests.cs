using Trainer.Book.Tests.Support;

namespace Trainer.Book.Tests.Preliminaries;

/// <summary>d2l 2.1, data manipulation: creation, reshape, operators, cat, broadcasting, in-place, conversion.</summary>
public class DataManipulationTests
{
    [Fact]
    public void Arange_ShapeNumelReshape_AsTheNotes()
    {
        using var scope = NewDisposeScope();
        var x = arange(12);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), x.data<long>().ToArray());
        Assert.Equal(new long[] { 12 }, x.shape);
        Assert.Equal(12, x.numel());
        var X = x.reshape(3, 4);
        Assert.Equal(new long[] { 3, 4 }, X.shape);
        Assert.Equal(7L, X[1, 3].item<long>());
        Assert.Equal(new long[] { 3, 4 }, x.reshape(-1, 4).shape);
    }

    [Fact]
    public void ZerosOnesNestedList_AsTheNotes()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(0f, zeros(2, 3, 4).abs().sum().item<float>());
        Assert.Equal(24f, ones(2, 3, 4).sum().item<float>());
        var t = tensor(new long[,] { { 1, 2, 3, 4 }, { 2, 3, 4, 1 }, { 2, 4, 1, 5 } });
        Assert.Equal(new long[] { 3, 4 }, t.shape);
        Assert.Equal(5L, t[2, 3].item<long>());
    }

    [Fact]
    public void ElementwiseOperators_AsTheNotes()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1.0f, 2, 3, 1 });
        var y = tensor(new[] { 2f, 2, 1, 3 });
        Assert.Equal(new float[] { 3, 4, 4, 4 }, Close.Values(x + y));
        Assert.Equal(new float[] { -1, 0, 2, -2 }, Close.Values(x - y));
        Assert.Equal(new float[] { 2, 4, 3, 3 }, Close.Values(x * y));
        Assert.Equal(new float[] { 0.5f, 1, 3, 1f / 3 }, Close.Values(x / y));
        Assert.Equal(new float[] { 1, 4, 3, 1 }, Close.Values(x.pow(y)));
        Close.Equal(new[] { MathF.E, MathF.Exp(2), MathF.Exp(3), MathF.E }, Close.Values(exp(x)));
    }

    [Fact]
    public void Cat_ByRowsAndColumns_AndEquality()
    {
        using var scope = NewDisposeScope();
        var x = arange(12, ScalarType.Float32).reshape(3, 4);
        var y = tensor(new float[,] { { 2, 1, 4, 3 }, { 1, 2, 3, 4 }, { 4, 3, 2, 1 } });
        Assert.Equal(new long[] { 6, 4 }, cat(new[] { x, y }, dim: 0).shape);
        Assert.Equal(new long[] { 3, 8 }, cat(new[] { x, y }, dim: 1).shape);
        Assert.Equal(new float[] { 0, 1, 2, 3, 2, 1, 4, 3 }, Close.Values(cat(new[] { x, y }, dim: 1)[0]));
        Assert.Equal(new[] { false, true, false, true }, x.eq(y)[0].data<bool>().ToArray());
        Assert.Equal(66f, x.sum().item<float>());
    }

    [Fact]
    public void Broadcasting_ColumnPlusRow_Gives3By2()
    {
        using var scope = NewDisposeScope();
        var a = arange(3).reshape(3, 1);
        var b = arange(2).reshape(1, 2);
        Assert.Equal(new long[] { 0, 1, 1, 2, 2, 3 }, (a + b).data<long>().ToArray());
    }

    [Fact]
    public void SavingMemory_SliceAssignAndInPlaceAdd_KeepTheSameStorage()
    {
        using var scope = NewDisposeScope();
        var x = arange(12, ScalarType.Float32).reshape(3, 4);
        var y = ones(3, 4);
        var z = zeros_like(y);
        var before = z.storage<float>().data_ptr();
        z[TensorIndex.Ellipsis] = x + y;
        Assert.Equal(before, z.storage<float>().data_ptr());
        Assert.Equal(78f, z.sum().item<float>());
        var xBefore = x.storage<float>().data_ptr();
        x.add_(y); // x += y
        Assert.Equal(xBefore, x.storage<float>().data_ptr());
    }

    [Fact]
    public void Conversion_ArrayCloneItem_AsTheNotes()
    {
        using var scope = NewDisposeScope();
        var x = arange(4, ScalarType.Float32);
        var a = x.data<float>().ToArray();
        var b = tensor(a);
        Assert.Equal(a, Close.Values(b));
        var c = x.clone();
        c[0] = 9;
        Assert.Equal(0f, x[0].item<float>());
        var s = tensor(new[] { 3.5f });
        Assert.Equal(3.5f, s.item<float>());
        Assert.Equal(3.5, s.item<float>(), 6);
        Assert.Equal(3, (int)s.item<float>());
    }
}

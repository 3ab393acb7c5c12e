namespace Trainer.Torch.Tests;

public class FromArrayTests
{
    [Fact]
    public void FromArray_SharesMemoryBothWays()
    {
        var array = new float[] { 1, 2, 3, 4, 5, 6 };
        using var t = from_array(array, 2, 3);
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        array[4] = 50;
        Assert.Equal(50f, t[1, 1].item<float>());
        t.mul_(2);
        Assert.Equal(new float[] { 2, 4, 6, 8, 100, 12 }, array);
    }

    [Fact]
    public void FromArray_NoShape_IsTheWholeArrayIn1d()
    {
        using var t = from_array(new long[] { 7, 8, 9 });
        Assert.Equal(new long[] { 3 }, t.shape);
        Assert.Equal(ScalarType.Int64, t.dtype);
    }

    [Fact]
    public void FromArray_ShapeThatDoesNotFit_ThrowsNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => from_array(new float[5], 2, 3));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("5", e.Message);
    }

    [Fact]
    public void FromArray_ViewOutlivesTheFirstTensor_MemoryStaysValid()
    {
        // The array stays pinned while any tensor over it lives, not just the first one.
        var view = MakeView();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(new float[] { 3, 4 }, view.ToArray<float>());
        view.Dispose();

        static Tensor MakeView()
        {
            using var t = from_array(new float[] { 1, 2, 3, 4 });
            return t.narrow(0, 2, 2);
        }
    }

    [Fact]
    public void DataSetter_ParameterMovesIntoAView_KeepsIdentityAndAutograd()
    {
        var flat = new float[] { 0, 0, 0, 0, 0 };
        using var storage = from_array(flat);
        using var p = new Parameter(tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 }));
        using var alias = p.alias();
        using (var view = storage.narrow(0, 1, 4).view(2, 2))
        {
            view.copy_(p);
            p.data = view;
        }
        Assert.Equal(new float[] { 0, 1, 2, 3, 4 }, flat);
        Assert.True(p.requires_grad);
        using (var loss = (p * p).sum()) loss.backward();
        using var g = p.grad!;
        Assert.Equal(new float[] { 2, 4, 6, 8 }, g.ToArray<float>());
        // Writes to the flat memory are the parameter's, through every alias.
        flat[1] = 10;
        Assert.Equal(10f, alias[0, 0].item<float>());
    }

    [Fact]
    public void DataPtr_ViewsOfOneArray_AreOffsetByTheirPosition()
    {
        using var t = from_array(new float[8]);
        using var tail = t.narrow(0, 3, 5);
        Assert.Equal(t.data_ptr() + 3 * sizeof(float), tail.data_ptr());
    }
}

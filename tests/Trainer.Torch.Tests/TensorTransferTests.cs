namespace Trainer.Torch.Tests;

public class TensorTransferTests
{
    [Fact]
    public void CopyTo_ExactBuffer_WritesRowMajorValues()
    {
        using var t = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        var buffer = new float[6];
        t.CopyTo(buffer);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, buffer);
    }

    [Fact]
    public void CopyFrom_Parameter_OverwritesInPlaceOutsideAutograd()
    {
        using var p = new Parameter(zeros(2, 2));
        using var alias = p.detach();
        p.CopyFrom(new float[] { 1, 2, 3, 4 });
        Assert.Equal(new float[] { 1, 2, 3, 4 }, alias.ToArray<float>());
        Assert.True(p.requires_grad);
    }

    [Fact]
    public void CopyFrom_NonContiguousView_FillsInRowMajorOrderOfTheView()
    {
        using var t = zeros(2, 3);
        using var view = t.transpose(0, 1); // 3 x 2, not contiguous
        view.CopyFrom(new float[] { 1, 2, 3, 4, 5, 6 });
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, view.ToArray<float>());
        Assert.Equal(new float[] { 1, 3, 5, 2, 4, 6 }, t.ToArray<float>());
    }

    [Fact]
    public void CopyFrom_WrongLength_ThrowsNamingBothCounts()
    {
        using var t = zeros(2, 2);
        var e = Assert.Throws<ArgumentException>(() => t.CopyFrom(new float[3]));
        Assert.Contains("holds 3 floats but the tensor has 4 elements", e.Message);
        Assert.Throws<ArgumentException>(() => t.CopyTo(new float[5]));
    }

    [Fact]
    public void CopyTo_NotFloat32_ThrowsNamingTheType()
    {
        using var t = tensor(new long[] { 1, 2 });
        var e = Assert.Throws<ArgumentException>(() => t.CopyTo(new float[2]));
        Assert.Contains("Int64", e.Message);
    }
}

using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

/// <summary>The aggregation kernels against the scalar arithmetic they promise, over lengths with and without a vector tail.</summary>
public class GradientSumTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1031)]
    public void ScaleThenAddScaled_SameBitsAsScalarSumFromZero(int length)
    {
        var random = new Random(length);
        var a = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var b = Enumerable.Range(0, length).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        const float wa = 3f / 7f, wb = 4f / 7f;

        var sum = Enumerable.Repeat(123f, length).ToArray(); // stale: Scale must overwrite, not add
        GradientSum.Scale(sum, a, wa);
        GradientSum.AddScaled(sum, b, wb);

        var expected = a.Zip(b, (x, y) => 0f + wa * x + wb * y).ToArray();
        Assert.Equal(expected, sum);
    }

    [Fact]
    public void LengthMismatch_NamesBothLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => GradientSum.Scale(new float[4], new float[3], 1f));
        Assert.Contains("3 values", e.Message);
        Assert.Contains("holds 4", e.Message);
        Assert.Throws<ArgumentException>(() => GradientSum.AddScaled(new float[4], new float[5], 1f));
    }
}

namespace Trainer.Book.Tests.Support;

/// <summary>Element-wise closeness of float arrays, relative to the expected value's magnitude.</summary>
public static class Close
{
    public static void Equal(float[] expected, float[] actual, float tol = 1e-5f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])),
                $"at {i}: expected {expected[i]}, got {actual[i]}");
    }

    /// <summary>A tensor's values, flattened, as floats.</summary>
    public static float[] Values(Tensor t)
    {
        using var f = t.detach().cpu().to(ScalarType.Float32);
        return f.data<float>().ToArray();
    }
}

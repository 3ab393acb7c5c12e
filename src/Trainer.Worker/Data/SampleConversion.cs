namespace Trainer;

/// <summary>
/// The dtypes the file-backed batch sources hand to a model, whatever the file stores, so that a
/// classifier's usual loop works on them unchanged: inputs become float32 (times the scale, then
/// through the user's transform), integer targets become int64 class indices (what
/// CrossEntropyLoss and NLLLoss take), floating targets float32 (what MSELoss takes).
/// </summary>
internal sealed class SampleConversion
{
    private readonly float scale;
    private readonly Func<Tensor, Tensor>? transform;

    internal SampleConversion(float scale, Func<Tensor, Tensor>? transform)
    {
        if (!float.IsFinite(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be a finite number");
        this.scale = scale;
        this.transform = transform;
    }

    /// <summary>
    /// Converts a gathered batch. Called inside the gather's dispose scope, which frees every
    /// intermediate (the raw rows, the unscaled copy, whatever the transform makes on the way).
    /// </summary>
    internal (Tensor x, Tensor y) Convert(Tensor rawInputs, Tensor rawTargets)
    {
        var x = rawInputs.to(ScalarType.Float32);
        if (scale != 1f)
        {
            using var factor = scale.ToScalar();
            x = x.mul(factor);
        }
        if (transform is not null) x = transform(x);
        var y = rawTargets.to(rawTargets.is_floating_point() ? ScalarType.Float32 : ScalarType.Int64);
        return (x, y);
    }
}

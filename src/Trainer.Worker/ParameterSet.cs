using Trainer.Shared.Messages;
using Trainer.Torch;

namespace Trainer.Worker;

/// <summary>
/// A module's unique parameters (named_parameters order, so a tied parameter appears once) and
/// their conversion to and from plain <see cref="TensorData"/>. Replicas built by one factory
/// list the same names and shapes in the same order, which is what makes the positional
/// messages line up; <see cref="WriteValues"/> checks it anyway.
/// </summary>
public sealed class ParameterSet
{
    private readonly Parameter[] parameters;
    private readonly int[] counts;

    public ParameterSet(torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var named = module.named_parameters().ToArray();
        parameters = named.Select(np => np.param).ToArray();
        Names = named.Select(np => np.name).ToArray();
        Shapes = parameters.Select(p => p.shape).ToArray();
        counts = Shapes.Select(s => checked((int)s.Aggregate(1L, (a, d) => a * d))).ToArray();
    }

    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<long[]> Shapes { get; }
    public IReadOnlyList<Parameter> Parameters => parameters;
    public int Count => parameters.Length;

    /// <summary>Total number of scalar parameters.</summary>
    public long Numel => Shapes.Sum(s => s.Aggregate(1L, (a, d) => a * d));

    /// <summary>Copies every parameter out into new arrays (new each call: a message may be kept by its receiver).</summary>
    public TensorData[] ReadValues()
    {
        var result = new TensorData[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            using var d = parameters[i].detach();
            result[i] = new TensorData(Shapes[i], d.ToArray<float>());
        }
        return result;
    }

    /// <summary>
    /// Copies every parameter into <paramref name="values"/> (from an earlier
    /// <see cref="ReadValues"/>), reusing its arrays: for a sender that knows every receiver
    /// has finished reading them.
    /// </summary>
    public void ReadValuesInto(IReadOnlyList<TensorData> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != parameters.Length)
            throw new ArgumentException($"{values.Count} tensors for a model with {parameters.Length} unique parameters");
        for (var i = 0; i < parameters.Length; i++) parameters[i].CopyTo(values[i].Values);
    }

    /// <summary>Overwrites every parameter with <paramref name="values"/> (outside autograd, in place: one copy, no temporary).</summary>
    public void WriteValues(IReadOnlyList<TensorData> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != parameters.Length)
            throw new ArgumentException($"{values.Count} tensors for a model with {parameters.Length} unique parameters");
        for (var i = 0; i < parameters.Length; i++)
            if (!values[i].Shape.AsSpan().SequenceEqual(Shapes[i]))
                throw new ArgumentException($"parameter {Names[i]} has shape [{string.Join(", ", Shapes[i])}] but the message holds [{string.Join(", ", values[i].Shape)}]");
        for (var i = 0; i < parameters.Length; i++) parameters[i].CopyFrom(values[i].Values);
    }

    /// <summary>
    /// Copies every gradient out (zeros for a parameter the loss did not reach). A tied
    /// parameter's gradient is already the sum over its uses: autograd accumulated it.
    /// </summary>
    public TensorData[] ReadGradients()
    {
        var result = new TensorData[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            using var g = parameters[i].grad;
            result[i] = new TensorData(Shapes[i], g is null ? new float[ElementCount(i)] : g.ToArray<float>());
        }
        return result;
    }

    /// <summary>
    /// Copies every gradient into <paramref name="buffers"/> (one array per parameter, from
    /// <see cref="NewBuffers"/>), zeros for a parameter the loss did not reach: the
    /// allocation-free form of <see cref="ReadGradients"/> for a caller that reuses its buffers.
    /// </summary>
    public void ReadGradientsInto(float[][] buffers)
    {
        CheckBuffers(buffers);
        for (var i = 0; i < parameters.Length; i++)
        {
            using var g = parameters[i].grad;
            if (g is null) Array.Clear(buffers[i]);
            else g.CopyTo(buffers[i]);
        }
    }

    /// <summary>One zeroed array per parameter, sized to hold its values or gradient.</summary>
    public float[][] NewBuffers()
    {
        var result = new float[parameters.Length][];
        for (var i = 0; i < parameters.Length; i++) result[i] = new float[ElementCount(i)];
        return result;
    }

    /// <summary>
    /// Replaces every gradient by <paramref name="gradients"/> (one flat array per parameter).
    /// An existing gradient tensor is overwritten in place (one copy); a missing one is created.
    /// </summary>
    public void SetGradients(IReadOnlyList<float[]> gradients)
    {
        if (gradients.Count != parameters.Length)
            throw new ArgumentException($"{gradients.Count} gradients for a model with {parameters.Length} unique parameters");
        for (var i = 0; i < parameters.Length; i++)
            if (gradients[i].Length != ElementCount(i))
                throw new ArgumentException($"parameter {Names[i]} has {ElementCount(i)} elements but its gradient holds {gradients[i].Length}");
        for (var i = 0; i < parameters.Length; i++)
        {
            using var existing = parameters[i].grad;
            if (existing is not null && existing.dtype == ScalarType.Float32 && existing.shape.AsSpan().SequenceEqual(Shapes[i]))
            {
                existing.CopyFrom(gradients[i]);
                continue;
            }
            using var g = torch.tensor(gradients[i], Shapes[i], parameters[i].device);
            parameters[i].grad = g;
        }
    }

    private void CheckBuffers(float[][] buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        if (buffers.Length != parameters.Length)
            throw new ArgumentException($"{buffers.Length} buffers for a model with {parameters.Length} unique parameters");
        for (var i = 0; i < parameters.Length; i++)
            if (buffers[i].Length != ElementCount(i))
                throw new ArgumentException($"parameter {Names[i]} has {ElementCount(i)} elements but its buffer holds {buffers[i].Length}");
    }

    /// <summary>
    /// A summary of the parameter values: the position-weighted sum of each parameter's float32
    /// sum. Cheap (one native reduction per parameter, no temporary tensor), so it can run every
    /// step. Replicas that applied the same updates from the same weights compute it
    /// bit-identically (same data, same single-threaded reduction order); replicas that drifted
    /// apart all but surely differ. Tests compare full parameters; this is the per-step guard.
    /// </summary>
    public double Checksum()
    {
        using var scope = torch.NewDisposeScope();
        double total = 0;
        for (var i = 0; i < parameters.Length; i++)
            total += (i + 1) * parameters[i].detach().sum().item<double>();
        return total;
    }

    private int ElementCount(int i) => counts[i];
}

using Trainer.Shared.Tensors;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Trainer.Worker;

/// <summary>
/// A module's unique parameters (named_parameters order, so a tied parameter appears once)
/// bound to two flat float32 buffers, as DDP's <c>gradient_as_bucket_view</c>: every parameter
/// becomes a view of <see cref="Values"/> and its gradient a view of <see cref="Gradients"/>, laid
/// end to end in that order. Backward then accumulates straight into the flat gradient, so
/// reading, summing and applying gradients, and loading weights, are one span each, with no
/// per-parameter copies and no temporary tensors.
/// On CPU the arrays ARE the tensors' memory (<c>torch.from_array</c>). On a CUDA
/// device the flat tensors live on the device and the arrays are host mirrors, moved by the
/// Pull/Push methods (no-ops on CPU). Replicas built by one factory have the same layout, which
/// is what makes the flat messages between them line up; the lengths are checked anyway.
/// With <see cref="GradientLayout.Fresh"/> (CPU) the gradients are not bound: each backward
/// hands over fresh tensors, which <see cref="CollectGradients"/> reads in place, run by run.
/// </summary>
public sealed class ParameterSet : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly long[] offsets;
    private readonly long[] gradientAddresses;
    private Tensor flatValues;
    // Flat layout only: the gradient buffer, as a tensor and (on CPU, its memory) as an array.
    private Tensor? flatGradients;
    private float[]? gradients;
    private GradientView? flatView;
    private readonly bool mirrored;
    private bool disposed;

    public ParameterSet(Model module, GradientLayout layout = GradientLayout.Flat)
    {
        Layout = layout;
        ArgumentNullException.ThrowIfNull(module);
        var named = module.named_parameters().ToArray();
        if (named.Length == 0) throw new ArgumentException("the model has no parameters to train");
        parameters = named.Select(np => np.parameter).ToArray();
        Names = named.Select(np => np.name).ToArray();
        Shapes = parameters.Select(p => p.shape).ToArray();
        var device = parameters[0].device;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].dtype != ScalarType.Float32)
                throw new ArgumentException($"parameter {Names[i]} is {parameters[i].dtype}; data-parallel training keeps float32 parameters");
            if (parameters[i].device_type != device.type || parameters[i].device_index != device.index)
                throw new ArgumentException($"parameter {Names[i]} is on {parameters[i].device} but {Names[0]} is on {device}; a replica lives on one device");
        }
        offsets = new long[parameters.Length + 1];
        for (var i = 0; i < parameters.Length; i++) offsets[i + 1] = offsets[i] + parameters[i].numel();
        Numel = offsets[^1];
        if (Numel > Array.MaxLength) throw new ArgumentException($"the model has {Numel} parameters, more than one flat buffer holds ({Array.MaxLength})");

        Values = GC.AllocateArray<float>((int)Numel, pinned: true);
        mirrored = device.type != DeviceType.CPU;
        flatValues = mirrored ? torch.zeros([Numel], device: device) : torch.from_array(Values);
        BindValues(flatValues, keepCurrent: true);
        PullValues();
        gradientAddresses = new long[parameters.Length];
        if (layout == GradientLayout.Fresh)
        {
            if (mirrored) throw new ArgumentException($"fresh gradients are read in place from host memory; the parameters are on {device}");
            return;
        }
        (gradients, flatGradients) = NewGradientBuffer(device);
    }

    /// <summary>How the gradients are kept: bound to one flat buffer, or handed over fresh by each backward.</summary>
    public GradientLayout Layout { get; }

    /// <summary>
    /// Makes every parameter's data its view of <paramref name="flat"/>; with
    /// <paramref name="keepCurrent"/> the parameter's current values are copied in first.
    /// </summary>
    private void BindValues(Tensor flat, bool keepCurrent)
    {
        using (torch.no_grad())
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                using var view = View(flat, i);
                if (keepCurrent) view.copy_(parameters[i]);
                parameters[i].set_(view); // the parameter computes on its view of the flat buffer from now on
            }
        }
    }

    private void CheckLength(int length)
    {
        if (length != Numel)
            throw new ArgumentException($"{length} values for a model with {Numel} parameters ({Count} tensors)");
    }

    /// <summary>A zeroed flat gradient buffer with every parameter's gradient bound to its view.</summary>
    private (float[] Host, Tensor Flat) NewGradientBuffer(Device device)
    {
        var host = GC.AllocateArray<float>((int)Numel, pinned: true);
        var flat = mirrored ? torch.zeros([Numel], device: device) : torch.from_array(host);
        for (var i = 0; i < parameters.Length; i++)
        {
            using var gradient = View(flat, i);
            parameters[i].grad = gradient;
            gradientAddresses[i] = gradient.Address();
        }
        return (host, flat);
    }

    /// <summary>
    /// Leaves the current <see cref="Gradients"/> array to whoever holds it (an unread message)
    /// and binds the gradients to a new buffer, so the next backward cannot overwrite it. For the
    /// rare second shard of one step; every other step reuses one buffer.
    /// </summary>
    public void HandOverGradients()
    {
        RequireFlat();
        flatView = null;
        if (mirrored)
        {
            gradients = GC.AllocateArray<float>((int)Numel, pinned: true); // the device tensor stays; only the host mirror was handed out
            return;
        }
        var old = flatGradients!;
        (gradients, flatGradients) = NewGradientBuffer(parameters[0].device);
        old.Dispose();
    }

    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<long[]> Shapes { get; }
    public IReadOnlyList<Parameter> Parameters => parameters;
    public int Count => parameters.Length;

    /// <summary>Total number of scalar parameters: the length of both flat buffers.</summary>
    public long Numel { get; }

    /// <summary>Every parameter's values end to end: the parameters' memory on CPU (their own, or the buffer shared by <see cref="ShareValues"/>).</summary>
    public float[] Values { get; private set; }

    // Set once ShareValues bound the parameters to a buffer someone else owns: it is read-only here.
    private bool sharing;

    /// <summary>Every parameter's gradient end to end (the gradients' own memory on CPU). Flat layout only.</summary>
    public float[] Gradients => gradients ?? throw new InvalidOperationException(FreshHasNoBuffer);

    private const string FreshHasNoBuffer = "the gradients are handed over fresh by each backward (GradientLayout.Fresh): there is no flat gradient buffer; read them through CollectGradients";

    private void RequireFlat()
    {
        if (Layout != GradientLayout.Flat) throw new InvalidOperationException(FreshHasNoBuffer);
    }

    /// <summary>Element offset of parameter <paramref name="index"/> in the flat buffers.</summary>
    public long OffsetOf(int index) => offsets[index];

    /// <summary>The parameter holding flat element <paramref name="flatIndex"/>, for messages.</summary>
    public string NameAt(long flatIndex)
    {
        var i = Array.BinarySearch(offsets, flatIndex);
        if (i < 0) i = ~i - 1;
        return Names[Math.Clamp(i, 0, parameters.Length - 1)];
    }

    /// <summary>
    /// Readies the gradients for a backward: one clear of the flat buffer, or (fresh layout)
    /// releasing the last backward's tensors, as <c>zero_grad(set_to_none=True)</c>, which ends
    /// every <see cref="GradientView"/> over them.
    /// </summary>
    public void ZeroGradients()
    {
        if (Layout == GradientLayout.Fresh)
            foreach (var p in parameters) p.grad = null;
        else if (mirrored) flatGradients!.zero_();
        else Array.Clear(gradients!);
    }

    /// <summary>
    /// After a backward: the gradients in flat order, checked. Flat layout: the bound buffer
    /// (pulled from the device first). Fresh layout: each parameter's new gradient in place; a
    /// parameter that backward did not reach gets zeros, so every replica holds a gradient for
    /// every parameter and their optimizers step the same tensors.
    /// </summary>
    public GradientView CollectGradients()
    {
        if (Layout == GradientLayout.Flat)
        {
            CheckGradientsBound();
            PullGradients();
            return flatView ??= GradientView.Of(gradients!);
        }
        var starts = new List<long>(parameters.Length + 1);
        var addresses = new List<nint>(parameters.Length);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = parameters[i].grad;
            if (g is null)
            {
                using var zeros = torch.zeros_like(parameters[i]);
                parameters[i].grad = zeros;
                g = parameters[i].grad!;
            }
            using (g)
            {
                if (g.dtype != ScalarType.Float32 || !g.is_contiguous() || g.numel() != offsets[i + 1] - offsets[i] || g.device.type != DeviceType.CPU)
                    throw new InvalidOperationException($"the gradient of {Names[i]} is not a contiguous float32 CPU tensor of {offsets[i + 1] - offsets[i]} values");
                if (offsets[i + 1] == offsets[i]) continue;
                starts.Add(offsets[i]);
                addresses.Add((nint)g.Address());
            }
        }
        starts.Add(Numel);
        return GradientView.OfRuns(starts.ToArray(), addresses.ToArray());
    }

    /// <summary>
    /// Throws unless every gradient is still the view of the flat buffer it was bound to: code
    /// that dropped or replaced one (<c>zero_grad(set_to_none: true)</c>, <c>p.grad = ...</c>)
    /// would otherwise leave its gradient out of every sum without a word.
    /// </summary>
    public void CheckGradientsBound()
    {
        RequireFlat();
        for (var i = 0; i < parameters.Length; i++)
        {
            using var g = parameters[i].grad;
            if (g is null || g.Address() != gradientAddresses[i])
                throw new InvalidOperationException($"the gradient of {Names[i]} no longer lives in the replica's flat gradient buffer (was it set to None or replaced?)");
        }
    }

    /// <summary>Device → <see cref="Gradients"/> (CUDA; nothing to do on CPU).</summary>
    public void PullGradients()
    {
        if (mirrored) flatGradients!.CopyTo(gradients!);
    }

    /// <summary><see cref="Gradients"/> → device (CUDA; nothing to do on CPU).</summary>
    public void PushGradients()
    {
        if (mirrored) flatGradients!.CopyFrom(gradients!);
    }

    /// <summary>Device → <see cref="Values"/> (CUDA; nothing to do on CPU).</summary>
    public void PullValues()
    {
        if (mirrored) flatValues.CopyTo(Values);
    }

    /// <summary>Overwrites every parameter with <paramref name="values"/> (a flat buffer of the same layout): one copy.</summary>
    public void LoadValues(ReadOnlySpan<float> values)
    {
        CheckLength(values.Length);
        if (sharing)
            throw new InvalidOperationException("the parameters compute on a shared read-only buffer (ShareValues); loading values would write into its owner's weights");
        if (mirrored) flatValues.CopyFrom(values);
        else values.CopyTo(Values);
    }

    /// <summary>
    /// Makes every parameter a view of <paramref name="values"/> (a flat buffer of the same
    /// layout) instead of copying it in: for a replica that never writes its weights (it has no
    /// optimizer of its own) and whose sender does not write the buffer while the replica
    /// computes. On CPU the next forward reads <paramref name="values"/> in place, and a buffer
    /// already shared costs nothing; on a CUDA device it is copied like <see cref="LoadValues"/>.
    /// </summary>
    public void ShareValues(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (mirrored)
        {
            LoadValues(values);
            return;
        }
        if (ReferenceEquals(values, Values)) return;
        CheckLength(values.Length);
        var flat = torch.from_array(values);
        BindValues(flat, keepCurrent: false);
        // The old buffer's tensor goes; its views went with the rebinding, so its array is unpinned.
        flatValues.Dispose();
        flatValues = flat;
        Values = values;
        sharing = true;
    }

    /// <summary>A copy of every parameter's values, in a new array (a message may be kept by its receiver).</summary>
    public float[] CopyValues()
    {
        PullValues();
        return Values.ToArray();
    }

    /// <summary>
    /// A summary of the parameter values: the block-position-weighted sum of the flat values
    /// (blocks of 4096, each summed in float32 lanes, then in double). Replicas that applied the
    /// same updates from the same weights compute it bit-identically (same data, same order);
    /// replicas that drifted apart all but surely differ. Tests compare full parameters; this
    /// and <see cref="StepChecksum"/> are the guards.
    /// </summary>
    public double Checksum() => ChecksumOf(0, 1);

    /// <summary>
    /// The per-step guard of replicas that step their own optimizers: the <see cref="Checksum"/>
    /// of one part of the blocks, the part turning with <paramref name="step"/>, so that every
    /// value is checked once every few steps while a step reads at most 256 Ki values (a model
    /// that size or smaller is checked whole every step). Reading a large model whole every step
    /// would cost as much as a large share of its optimizer step. Replicas agree on the part
    /// from the step alone; a drift, which spreads through later updates, is caught within
    /// <see cref="ChecksumParts"/> steps.
    /// </summary>
    public double StepChecksum(long step)
    {
        var parts = ChecksumParts;
        return ChecksumOf((int)(step % parts), parts);
    }

    /// <summary>How many steps <see cref="StepChecksum"/> takes to cover every value: 1 up to 256 Ki parameters, at most 8.</summary>
    public int ChecksumParts => (int)Math.Clamp((Numel + StepChecksumValues - 1) / StepChecksumValues, 1, 8);

    private const int ChecksumBlock = 4096;
    private const long StepChecksumValues = 256 * 1024;

    /// <summary>Blocks <paramref name="part"/>, part + parts, part + 2 * parts, ... of the checksum.</summary>
    private double ChecksumOf(int part, int parts)
    {
        PullValues();
        double total = 0;
        for (long k = part; k * ChecksumBlock < Values.Length; k += parts)
        {
            var start = (int)(k * ChecksumBlock);
            total += (k + 1) * (double)SumOf(Values.AsSpan(start, Math.Min(ChecksumBlock, Values.Length - start)));
        }
        return total;
    }

    private static float SumOf(ReadOnlySpan<float> span)
    {
        ref var v = ref MemoryMarshal.GetReference(span);
        var n = (nuint)span.Length;
        nuint i = 0;
        var width = (nuint)Vector<float>.Count;
        // Four independent accumulators: one would wait on its own previous add every step.
        Vector<float> a = Vector<float>.Zero, b = a, c = a, d = a;
        if (Vector.IsHardwareAccelerated)
            for (; i + 4 * width <= n; i += 4 * width)
            {
                a += Vector.LoadUnsafe(ref v, i);
                b += Vector.LoadUnsafe(ref v, i + width);
                c += Vector.LoadUnsafe(ref v, i + 2 * width);
                d += Vector.LoadUnsafe(ref v, i + 3 * width);
            }
        var sum = Vector.Sum(a + b + (c + d));
        for (; i < n; i++) sum += Unsafe.Add(ref v, i);
        return sum;
    }

    /// <summary>
    /// A parameter that is flat elements [<paramref name="start"/>, start + <paramref name="length"/>)
    /// of the value buffer, with its gradient the same range of the gradient buffer: an optimizer
    /// given it updates those elements in place. For a sharded optimizer (<see cref="MasterShards"/>);
    /// the caller owns (disposes) it. CPU only: the buffers must be the arrays themselves.
    /// </summary>
    public Parameter Slice(long start, long length)
    {
        if (mirrored) throw new InvalidOperationException("a slice of a parameter set on a CUDA device would not be its host arrays");
        RequireFlat();
        if (start < 0 || length < 1 || start + length > Numel)
            throw new ArgumentOutOfRangeException(nameof(length), $"slice [{start}, {start + length}) is outside the {Numel} parameters");
        using var values = flatValues.narrow(0, start, length);
        var slice = new Parameter(values);
        using var gradient = flatGradients!.narrow(0, start, length);
        slice.grad = gradient;
        return slice;
    }

    private Tensor View(Tensor flat, int index)
    {
        using var slice = flat.narrow(0, offsets[index], offsets[index + 1] - offsets[index]);
        return slice.view(Shapes[index]);
    }

    /// <summary>Frees the flat tensors; the parameters (views) keep the memory until the module frees them.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        flatValues.Dispose();
        flatGradients?.Dispose();
    }
}

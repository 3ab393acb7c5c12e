namespace Trainer.Worker;

/// <summary>
/// A replica's gradient in the flat order of its <see cref="ParameterSet"/>, read and written
/// where it lies: one flat array, or one run of memory per parameter (the fresh tensors a
/// backward hands over with <see cref="GradientLayout.Fresh"/>). The rendezvous sums from it
/// and, in all-reduce mode, writes the sum back into it, run by run, so no layout needs a copy.
/// Lifetime: a view over parameter tensors is valid until their owner's next
/// <see cref="ParameterSet.ZeroGradients"/> (which releases them) or its disposal; whoever
/// holds the view then must not touch it.
/// </summary>
public sealed class GradientView
{
    private readonly long[] starts;    // flat offset of each run, ascending from 0, with the total last
    private readonly nint[] addresses; // each run's first float, when the runs are native memory
    private readonly float[]? array;   // the whole gradient, when it is one managed array

    private GradientView(long[] starts, nint[] addresses, float[]? array)
    {
        this.starts = starts;
        this.addresses = addresses;
        this.array = array;
    }

    /// <summary>A view of one flat array (a flat gradient buffer, or a host mirror of a device's).</summary>
    public static GradientView Of(float[] flat)
    {
        ArgumentNullException.ThrowIfNull(flat);
        return new GradientView([0, flat.Length], [], flat);
    }

    /// <summary>
    /// A view of native runs: run i holds flat elements [starts[i], starts[i + 1]) at
    /// <paramref name="addresses"/>[i]. The caller keeps the memory alive while the view is used.
    /// </summary>
    internal static GradientView OfRuns(long[] starts, nint[] addresses)
    {
        if (starts.Length != addresses.Length + 1 || starts[0] != 0)
            throw new ArgumentException("a gradient view needs one start per run, beginning at 0, and the total");
        for (var i = 0; i < addresses.Length; i++)
            if (starts[i + 1] <= starts[i]) throw new ArgumentException($"gradient run {i} is empty or out of order; leave empty parameters out");
        return new GradientView(starts, addresses, null);
    }

    /// <summary>Number of gradient values, as the parameter set's <see cref="ParameterSet.Numel"/>.</summary>
    public long Length => starts[^1];

    /// <summary>How many elements from flat element <paramref name="from"/> lie in one run of memory.</summary>
    public long Contiguous(long from)
    {
        if (array is not null) return array.Length - from;
        return starts[RunOf(from) + 1] - from;
    }

    /// <summary>Flat elements [<paramref name="from"/>, from + <paramref name="length"/>), which must lie in one run (<see cref="Contiguous"/>).</summary>
    public unsafe Span<float> Span(long from, int length)
    {
        if (array is not null) return array.AsSpan((int)from, length);
        var run = RunOf(from);
        if (from + length > starts[run + 1])
            throw new ArgumentOutOfRangeException(nameof(length), $"elements [{from}, {from + length}) cross the end of a gradient run at {starts[run + 1]}");
        return new Span<float>((float*)addresses[run] + (from - starts[run]), length);
    }

    /// <summary>Copies the whole gradient into <paramref name="destination"/> (tests, and messages that must own their data).</summary>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length != Length) throw new ArgumentException($"the destination holds {destination.Length} values, the gradient {Length}");
        for (long from = 0; from < Length;)
        {
            var length = (int)Math.Min(Contiguous(from), int.MaxValue);
            Span(from, length).CopyTo(destination.Slice((int)from, length));
            from += length;
        }
    }

    private int RunOf(long from)
    {
        if (from < 0 || from >= Length) throw new ArgumentOutOfRangeException(nameof(from), $"element {from} is outside the {Length} gradient values");
        var i = Array.BinarySearch(starts, from);
        return i >= 0 ? i : ~i - 1;
    }
}

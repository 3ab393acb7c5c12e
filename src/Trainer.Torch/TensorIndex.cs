using System.Runtime.InteropServices;

namespace Trainer.Torch;

/// <summary>
/// One position of a Python-style index: an integer, a slice, None (new axis), Ellipsis, a
/// bool, or a tensor (integer indices or a bool mask). Converts implicitly from int, long,
/// bool, <see cref="System.Index"/> (<c>^1</c>), <see cref="System.Range"/> (<c>1..3</c>) and
/// <see cref="Tensor"/>, so <c>t[1..3, ^1]</c> reads as <c>t[1:3, -1]</c>.
/// </summary>
public readonly struct TensorIndex
{
    internal enum Kind { Integer = 0, Slice = 1, None = 2, Ellipsis = 3, Tensor = 4, Bool = 5 }

    internal readonly Kind kind;
    internal readonly long? start, stop, step;
    internal readonly Tensor? tensor;

    private TensorIndex(Kind kind, long? start = null, long? stop = null, long? step = null, Tensor? tensor = null)
    {
        this.kind = kind;
        this.start = start;
        this.stop = stop;
        this.step = step;
        this.tensor = tensor;
    }

    /// <summary>Python's <c>None</c> in an index: inserts a dimension of size 1.</summary>
    public static readonly TensorIndex None = new(Kind.None);

    /// <summary>Python's <c>...</c>: as many full slices as needed.</summary>
    public static readonly TensorIndex Ellipsis = new(Kind.Ellipsis);

    /// <summary>Python's <c>:</c>.</summary>
    public static readonly TensorIndex Colon = new(Kind.Slice);

    public static TensorIndex Single(long i) => new(Kind.Integer, i);

    /// <summary>Python's <c>start:stop:step</c>; null bounds mean "from the beginning" / "to the end".</summary>
    public static TensorIndex Slice(long? start = null, long? stop = null, long? step = null)
    {
        if (step is <= 0) throw new ArgumentOutOfRangeException(nameof(step), $"slice step must be positive, got {step}");
        return new(Kind.Slice, start, stop, step);
    }

    public static TensorIndex Bool(bool value) => new(Kind.Bool, value ? 1 : 0);

    public static TensorIndex FromTensor(Tensor t) => new(Kind.Tensor, tensor: t ?? throw new ArgumentNullException(nameof(t)));

    public static implicit operator TensorIndex(long i) => Single(i);
    public static implicit operator TensorIndex(int i) => Single(i);
    public static implicit operator TensorIndex(bool b) => Bool(b);
    public static implicit operator TensorIndex(Tensor t) => FromTensor(t);

    /// <summary><c>^k</c> is Python's <c>-k</c>.</summary>
    public static implicit operator TensorIndex(Index i)
    {
        if (!i.IsFromEnd) return Single(i.Value);
        if (i.Value == 0) throw new ArgumentOutOfRangeException(nameof(i), "^0 is past the end; it cannot index an element");
        return Single(-(long)i.Value);
    }

    /// <summary><c>a..b</c> is Python's <c>a:b</c>; <c>..</c> is <c>:</c>; <c>^0</c> as an end means "to the end".</summary>
    public static implicit operator TensorIndex(Range r)
    {
        // ^0 as a start is "at the end" (an empty slice); long.MaxValue is clamped to the size natively.
        long? start = r.Start.IsFromEnd
            ? (r.Start.Value == 0 ? long.MaxValue : -(long)r.Start.Value)
            : (r.Start.Value == 0 ? null : r.Start.Value);
        long? stop = r.End.IsFromEnd ? (r.End.Value == 0 ? null : -(long)r.End.Value) : r.End.Value;
        return new(Kind.Slice, start, stop);
    }

    /// <summary>The C layout tensor_index.cpp reads.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Native
    {
        public int kind;
        public int flags;
        public long a, b, c;
        public IntPtr tensor;
    }

    internal Native ToNative(IntPtr tensorRaw) => new()
    {
        kind = (int)kind,
        flags = (start.HasValue ? 1 : 0) | (stop.HasValue ? 2 : 0) | (step.HasValue ? 4 : 0),
        a = start ?? 0,
        b = stop ?? 0,
        c = step ?? 0,
        tensor = tensorRaw,
    };

    public override string ToString() => kind switch
    {
        Kind.Integer => start!.Value.ToString(),
        Kind.Bool => start != 0 ? "True" : "False",
        Kind.None => "None",
        Kind.Ellipsis => "...",
        Kind.Tensor => "tensor",
        _ => $"{start}:{stop}{(step.HasValue ? ":" + step : "")}",
    };
}

using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Trainer.Shared.Wire;

/// <summary>
/// A flat float32 tensor cut into <see cref="WireLimits.ChunkValues"/>-value pieces for a gRPC
/// stream, and put back together on the other side with every piece checked: in order, no gap,
/// no overlap, whole values only, and exactly the announced length. A piece sent is the array's
/// own memory (<see cref="FloatBytes"/>), serialized straight into the transport's buffer; a piece
/// received is copied once out of its message: what the API forces.
/// </summary>
public static class FloatChunks
{
    /// <summary>
    /// The pieces of <paramref name="values"/>: (offset, bytes); one empty piece for an empty
    /// tensor, so that a stream always carries its stamps. The pieces wrap the array without a
    /// copy: the caller leaves it unchanged until every piece is written to its stream.
    /// </summary>
    public static IEnumerable<(long Offset, ByteString Data)> Split(float[] values)
    {
        if (values.Length == 0)
        {
            yield return (0, ByteString.Empty);
            yield break;
        }
        var bytes = new FloatBytes(values).Memory;
        for (var offset = 0; offset < values.Length; offset += WireLimits.ChunkValues)
        {
            var n = Math.Min(WireLimits.ChunkValues, values.Length - offset);
            yield return (offset, UnsafeByteOperations.UnsafeWrap(bytes.Slice(offset * sizeof(float), n * sizeof(float))));
        }
    }

    /// <summary>Receives one tensor's pieces in order (see <see cref="Split"/>) into a buffer of the announced length.</summary>
    public sealed class Assembler
    {
        private readonly float[] values;
        private long received;

        /// <param name="into">Where the values go, of exactly the announced length (checked against what the receiver expects before this is made); every value is written before <see cref="Complete"/> succeeds.</param>
        public Assembler(float[] into)
        {
            if (into.LongLength > WireLimits.MaxModelValues) throw new WireException($"a tensor of {into.LongLength} values is refused (at most {WireLimits.MaxModelValues})");
            values = into;
        }

        public void Add(long offset, ByteString data)
        {
            if (offset != received) throw new WireException($"a chunk at value {offset} arrived where value {received} was due (chunks must come in order, without gaps)");
            if (data.Length % sizeof(float) != 0) throw new WireException($"a chunk of {data.Length} bytes is not a whole number of float32 values");
            var n = data.Length / sizeof(float);
            if (n > WireLimits.ChunkValues) throw new WireException($"a chunk of {n} values is refused (at most {WireLimits.ChunkValues})");
            if (received + n > values.Length) throw new WireException($"chunks run past the announced {values.Length} values");
            data.Span.CopyTo(MemoryMarshal.AsBytes(values.AsSpan((int)received, n)));
            received += n;
        }

        /// <summary>The whole tensor; refused when the stream ended early (truncated).</summary>
        public float[] Complete()
        {
            if (received != values.Length) throw new WireException($"the stream ended after {received} of {values.Length} values (truncated)");
            return values;
        }
    }
}

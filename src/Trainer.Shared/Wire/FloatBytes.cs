using System.Buffers;
using System.Runtime.InteropServices;

namespace Trainer.Shared.Wire;

/// <summary>
/// A float32 array seen as its bytes, as <see cref="Memory{T}"/> of byte: what protobuf's
/// <c>UnsafeByteOperations.UnsafeWrap</c> takes, so that a chunk's payload is the array's own
/// memory and is copied once, by the serializer into the transport's buffer, instead of first
/// into a ByteString of its own (a pass over every byte sent, and an allocation per chunk).
/// </summary>
internal sealed class FloatBytes(float[] values) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(values.AsSpan());

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        var handle = GCHandle.Alloc(values, GCHandleType.Pinned);
        unsafe
        {
            return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle, this);
        }
    }

    public override void Unpin() { }

    protected override void Dispose(bool disposing) { }
}

namespace Trainer.Shared.Wire;

/// <summary>
/// Sizes the cluster's wire keeps to. Chunks stay well under 85 KB (off the large-object heap,
/// gRPC's advice for binary payloads); a gRPC message above <see cref="MaxMessageBytes"/> is
/// refused by the transport itself (ResourceExhausted); an Akka control message must stay far
/// below Akka.Remote's 128 KB frame, which drops larger ones silently.
/// </summary>
public static class WireLimits
{
    /// <summary>float32 values per tensor chunk: 64 KiB of data.</summary>
    public const int ChunkValues = 16 * 1024;

    /// <summary>The largest gRPC message either side accepts: a chunk and its stamps, with room to spare.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    /// <summary>HTTP/2 receive window per tensor stream (both sides): 16 MiB, a 4M-parameter model's tensor in flight without a stall.</summary>
    public const int FlowControlWindowBytes = 16 * 1024 * 1024;

    /// <summary>The most sample indices one AssignShard carries (8 bytes each at most: 64 KiB).</summary>
    public const int MaxShardIndices = 8 * 1024;

    /// <summary>The most spans one SpanBatch carries (about 40 bytes each: some 40 KB, a third of Akka's frame).</summary>
    public const int MaxSpansPerBatch = 1024;

    /// <summary>The most parameter values a model may have on the wire (1 Gi floats, 4 GiB).</summary>
    public const long MaxModelValues = 1L << 30;
}

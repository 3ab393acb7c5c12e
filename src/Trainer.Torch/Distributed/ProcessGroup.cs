using System.Runtime.InteropServices;
using Trainer.Torch.Native;

namespace Trainer.Torch.Distributed;

/// <summary>
/// A Gloo process group: <see cref="size"/> processes that reduce and broadcast tensors among
/// themselves (PyTorch's <c>ProcessGroupGloo</c>). Made by
/// <see cref="torch.distributed.init_process_group"/>. Every call blocks until all ranks made
/// the same call, and fails with a <see cref="TorchException"/> rather than hang when a peer
/// does not take part within the group's timeout. Dispose is the clean shutdown.
/// </summary>
public sealed class ProcessGroup : IDisposable
{
    /// <summary>Bucket size for the coalesced calls; PyTorch DDP's default (25 MiB).</summary>
    public const long DefaultBucketCapBytes = 25L * 1024 * 1024;

    private readonly ProcessGroupHandle handle;
    private readonly int cachedRank;
    private readonly int cachedSize;

    internal ProcessGroup(ProcessGroupHandle handle, TimeSpan timeout)
    {
        this.handle = handle;
        this.timeout = timeout;
        cachedRank = NativeMethods.trn_pg_rank(handle);
        cachedSize = NativeMethods.trn_pg_size(handle);
    }

    /// <summary>This process's rank, in [0, size).</summary>
    public int rank() => cachedRank;

    /// <summary>Number of processes in the group (the world size).</summary>
    public int size() => cachedSize;

    /// <summary>How long any one call waits for its peers before it fails.</summary>
    public TimeSpan timeout { get; }

    public bool IsDisposed => handle.IsClosed;

    /// <summary>Reduces <paramref name="tensor"/> across all ranks, in place (PyTorch's <c>all_reduce</c>).</summary>
    public void allreduce(Tensor tensor, ReduceOp op = ReduceOp.SUM)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        allreduce(new[] { tensor }, op);
    }

    /// <summary>
    /// Reduces every tensor across all ranks, in place. The tensors travel flattened into a few
    /// buffers of at most <paramref name="bucket_cap_bytes"/> (one dtype each) instead of one
    /// message per tensor: all gradients of a model go out in a handful of Gloo calls.
    /// </summary>
    public unsafe void allreduce(IList<Tensor> tensors, ReduceOp op = ReduceOp.SUM, long bucket_cap_bytes = DefaultBucketCapBytes)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (!Enum.IsDefined(op)) throw new ArgumentOutOfRangeException(nameof(op), $"unknown reduce op {(int)op}");
        if (op == ReduceOp.AVG)
            foreach (var t in tensors)
                if (t is not null && !IsFloating(t.dtype))
                    throw new ArgumentException($"ReduceOp.AVG needs floating-point tensors, got a {t.dtype} tensor; use SUM for integers", nameof(tensors));
        WithHandles(tensors, (p, n) => NativeMethods.trn_pg_allreduce(handle, p, n, (int)op, bucket_cap_bytes));
    }

    /// <summary>Overwrites <paramref name="tensor"/> on every rank with rank <paramref name="src"/>'s value, in place.</summary>
    public void broadcast(Tensor tensor, int src = 0)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        broadcast(new[] { tensor }, src);
    }

    /// <summary>Broadcasts every tensor from rank <paramref name="src"/>, coalesced like <see cref="allreduce(IList{Tensor}, ReduceOp, long)"/>.</summary>
    public unsafe void broadcast(IList<Tensor> tensors, int src = 0, long bucket_cap_bytes = DefaultBucketCapBytes)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (src < 0 || src >= cachedSize)
            throw new ArgumentOutOfRangeException(nameof(src), $"src rank {src} is outside [0, {cachedSize})");
        WithHandles(tensors, (p, n) => NativeMethods.trn_pg_broadcast(handle, p, n, src, bucket_cap_bytes));
    }

    /// <summary>Returns once every rank has called barrier.</summary>
    public void barrier() => NativeMethods.Check(NativeMethods.trn_pg_barrier(handle));

    /// <summary>
    /// Clean shutdown: checks out through the rendezvous store and releases Gloo's sockets.
    /// Rank 0 hosts the store, so it waits (at most the timeout, and at most 10 s) for the
    /// others to check out. A group never disposed is freed by its finalizer without the wait.
    /// </summary>
    public void Dispose()
    {
        if (handle.IsClosed) return;
        try
        {
            NativeMethods.trn_pg_shutdown(handle);
        }
        catch (ObjectDisposedException)
        {
            // another thread disposed it first: nothing left to do
        }
        handle.Dispose();
        torch.distributed.Forget(this);
    }

    private static bool IsFloating(ScalarType t) =>
        t is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16;

    private unsafe delegate int Collective(IntPtr* tensors, int count);

    /// <summary>
    /// Passes the tensors' native pointers for the duration of one call. Each handle is
    /// ref-counted while native code uses it, so a concurrent Dispose cannot free a tensor
    /// mid-collective; the pointers never outlive the call.
    /// </summary>
    private unsafe void WithHandles(IList<Tensor> tensors, Collective call)
    {
        var raw = new IntPtr[tensors.Count];
        var added = 0;
        try
        {
            for (var i = 0; i < raw.Length; i++)
            {
                var t = tensors[i] ?? throw new ArgumentNullException(nameof(tensors), $"tensor {i} is null");
                var ok = false;
                t.Handle.DangerousAddRef(ref ok);
                added++;
                raw[i] = t.Handle.DangerousGetHandle();
            }
            fixed (IntPtr* p = raw)
                NativeMethods.Check(call(p, raw.Length));
        }
        finally
        {
            for (var i = 0; i < added; i++) tensors[i].Handle.DangerousRelease();
        }
    }
}

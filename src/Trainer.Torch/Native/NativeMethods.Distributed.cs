using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// distributed.cpp: a Gloo process group with a TCPStore rendezvous.
internal static partial class NativeMethods
{
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr trn_pg_create(string masterAddr, int port, int rank, int size, long timeoutMs,
        string? glooHostname);
    [LibraryImport(Lib)] internal static partial void trn_pg_shutdown(ProcessGroupHandle group);
    [LibraryImport(Lib)] internal static partial void trn_pg_free(IntPtr group);
    [LibraryImport(Lib)] internal static partial int trn_pg_rank(ProcessGroupHandle group);
    [LibraryImport(Lib)] internal static partial int trn_pg_size(ProcessGroupHandle group);
    [LibraryImport(Lib)]
    internal static unsafe partial int trn_pg_allreduce(ProcessGroupHandle group, IntPtr* tensors, int count, int op,
        long bucketBytes);
    [LibraryImport(Lib)]
    internal static unsafe partial int trn_pg_broadcast(ProcessGroupHandle group, IntPtr* tensors, int count, int src,
        long bucketBytes);
    [LibraryImport(Lib)] internal static partial int trn_pg_barrier(ProcessGroupHandle group);
}

using static TorchSharp.torch;

namespace Trainer.Shared;

/// <summary>
/// Sets libtorch's intra-op thread count for the calling thread so that it stays set.
/// </summary>
/// <remarks>
/// libtorch's OpenMP build keeps the count per thread, but a thread takes it lazily, once, at its
/// first parallel op, from the process-wide default, which every set_num_threads also writes. A
/// replica that set 1 and had not run an op yet would take whatever count another thread set
/// since (found 2026-11-23: a trainer restoring its caller's count gave each CPU replica 2 OpenMP
/// threads on 2 cores, and forward and backward took ~40% longer). at::get_num_threads() runs that
/// lazy initialisation (a tiny op would not: below the grain size it never reaches parallel_for),
/// so asking for the count first uses it up, and the count set after it is the thread's for good.
/// </remarks>
public static class TorchThreads
{
    public static void SetForThisThread(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), $"thread count must be at least 1, got {threads}");
        _ = get_num_threads();
        set_num_threads(threads);
    }
}

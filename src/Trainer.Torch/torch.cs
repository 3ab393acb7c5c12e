using Trainer.Torch.Native;

namespace Trainer.Torch;

/// <summary>
/// The <c>torch</c> namespace of PyTorch: factories, seeds, threads, grad mode. Use it as
/// <c>using static Trainer.Torch.torch;</c> to write <c>zeros(2, 3)</c> as in Python.
/// </summary>
public static partial class torch
{
    public static DisposeScope NewDisposeScope() => new();

    public static void manual_seed(ulong seed) => NativeMethods.trn_manual_seed(seed);

    /// <summary>
    /// Intra-op threads libtorch uses (PyTorch's torch.set_num_threads): on the calling thread,
    /// and as the default of threads that have not run a parallel op yet. Unlike a bare
    /// libtorch call, the count set here stays the calling thread's when another thread later
    /// sets a different default.
    /// </summary>
    public static void set_num_threads(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), "thread count must be at least 1");
        NativeMethods.Check(NativeMethods.trn_set_num_threads(n));
    }

    public static int get_num_threads() => NativeMethods.trn_get_num_threads();

    public static bool is_grad_enabled() => NativeMethods.trn_grad_enabled();

    /// <summary>Disables gradient recording on this thread until disposed: <c>using (torch.no_grad()) { ... }</c>.</summary>
    public static GradModeScope no_grad() => new(false);

    public static GradModeScope enable_grad() => new(true);

    public static Device device(string spec) => Device.Parse(spec);
}

using System.Runtime.Intrinsics.X86;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The OpenBLAS kernels the PyTorch peer of the benchmarks runs. Trainer computes on TorchSharp's
/// libtorch (MKL); the peer is Debian's PyTorch 1.13 on Debian's OpenBLAS 0.3.21, which picks its
/// kernels by CPU model number and does not know recent ones: on this VM's Xeon (family 6, model
/// 207) it fell back to Prescott (SSE3) kernels, sgemm 4x slower than its SkylakeX ones. A peer
/// handicapped that way would flatter Trainer, so every peer process is started with the best
/// kernel set for this CPU's instruction sets, unless OPENBLAS_CORETYPE is already set.
/// </summary>
internal static class PeerBlas
{
    internal const string CoreTypeVariable = "OPENBLAS_CORETYPE";

    /// <summary>SkylakeX needs AVX-512 F, CD, BW, DQ and VL; Haswell AVX2 and FMA; null leaves the choice to OpenBLAS.</summary>
    internal static string? Choose(bool avx512SkylakeSubset, bool avx2WithFma) =>
        avx512SkylakeSubset ? "SkylakeX" : avx2WithFma ? "Haswell" : null;

    internal static string? ChooseForThisCpu() => Choose(
        Avx512F.IsSupported && Avx512CD.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported,
        Avx2.IsSupported && Fma.IsSupported);

    /// <summary>The kernel set a peer gets: the user's OPENBLAS_CORETYPE if set, else <see cref="ChooseForThisCpu"/>.</summary>
    internal static string? ForPeer() =>
        Environment.GetEnvironmentVariable(CoreTypeVariable) is { Length: > 0 } set ? set : ChooseForThisCpu();

    /// <summary>Puts the peer's kernel choice into a child process's environment.</summary>
    internal static void Apply(IDictionary<string, string?> environment)
    {
        if (ForPeer() is string kernels) environment[CoreTypeVariable] = kernels;
    }
}

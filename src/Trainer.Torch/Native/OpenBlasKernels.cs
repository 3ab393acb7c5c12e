using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Trainer.Torch.Native;

/// <summary>
/// Chooses OpenBLAS's kernels before libtorch (and with it the system BLAS) is loaded.
/// </summary>
/// <remarks>
/// OpenBLAS built for many targets (Debian's is) picks its kernels by the CPU's model number
/// when it is loaded, and a release does not know the models that came after it. OpenBLAS
/// 0.3.21 (Debian 12) does not know family 6 model 207 (Xeon, Emerald Rapids), our VM's CPU,
/// and falls back to its Prescott (SSE3) kernels: sgemm ran at 29 GFLOPS there, against 116 with
/// its SkylakeX (AVX-512) kernels on the same core, and every Linear layer with it.
/// OpenBLAS reads OPENBLAS_CORETYPE once, at load, so Trainer sets it from the instruction sets
/// this CPU reports, unless the user already has. Child processes (the PyTorch peers of the
/// benchmarks) inherit the variable, so both sides of a comparison run the same kernels.
/// </remarks>
internal static partial class OpenBlasKernels
{
    internal const string CoreTypeVariable = "OPENBLAS_CORETYPE";

    /// <summary>The kernel set Trainer put in OPENBLAS_CORETYPE, or null when it left it alone.</summary>
    internal static string? Selected { get; private set; }

    /// <summary>
    /// The best OpenBLAS kernel set for these instruction sets: SkylakeX needs AVX-512 F, CD, BW,
    /// DQ and VL; Haswell needs AVX2 and FMA. Null leaves the choice to OpenBLAS.
    /// </summary>
    internal static string? Choose(bool avx512SkylakeSubset, bool avx2WithFma) =>
        avx512SkylakeSubset ? "SkylakeX" : avx2WithFma ? "Haswell" : null;

    /// <summary>The best kernel set for the instruction sets the runtime reports on this CPU.</summary>
    internal static string? ChooseForThisCpu() => Choose(
        Avx512F.IsSupported && Avx512CD.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported,
        Avx2.IsSupported && Fma.IsSupported);

    /// <summary>Runs once, from <see cref="NativeMethods"/>'s type initializer, before any native call.</summary>
    internal static void SelectBeforeLoad()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(CoreTypeVariable))) return;
        var kernel = ChooseForThisCpu();
        if (kernel is null) return;
        // .NET keeps its own copy of the environment on Unix: the native one is what OpenBLAS
        // reads, the managed one is what Process.Start hands to children.
        if (setenv(CoreTypeVariable, kernel, 1) != 0) return;
        Environment.SetEnvironmentVariable(CoreTypeVariable, kernel);
        Selected = kernel;
    }

    /// <summary>The kernel set OpenBLAS runs in this process, or null when OpenBLAS is not loaded (libtorch uses another BLAS).</summary>
    internal static string? Loaded()
    {
        // RTLD_NOLOAD: a handle only if the library is already in the process; never load it here.
        var library = dlopen("libopenblas.so.0", RtldLazy | RtldNoLoad);
        if (library == IntPtr.Zero) return null;
        try
        {
            if (!NativeLibrary.TryGetExport(library, "openblas_get_corename", out var export)) return null;
            unsafe { return Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr>)export)()); }
        }
        finally
        {
            dlclose(library);
        }
    }

    private const int RtldLazy = 0x1, RtldNoLoad = 0x4;

    [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr dlopen(string file, int mode);

    [LibraryImport("libc", EntryPoint = "dlclose")]
    private static partial int dlclose(IntPtr handle);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}

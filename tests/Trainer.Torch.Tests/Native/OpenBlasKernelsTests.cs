using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using Trainer.Torch.Native;

namespace Trainer.Torch.Tests.Native;

/// <summary>Runs only where libtorch's BLAS is OpenBLAS (Debian's libtorch; not a CUDA wheel, which brings MKL).</summary>
internal sealed class OpenBlasFactAttribute : FactAttribute
{
    public OpenBlasFactAttribute()
    {
        if (torch.openblas_coretype() is null) Skip = "libtorch's BLAS here is not OpenBLAS";
    }
}

public class OpenBlasKernelsTests
{
    [Theory]
    [InlineData(true, true, "SkylakeX")]
    [InlineData(true, false, "SkylakeX")]
    [InlineData(false, true, "Haswell")]
    [InlineData(false, false, null)]
    public void Choose_InstructionSets_BestKernelSetTheyRun(bool avx512, bool avx2Fma, string? expected) =>
        Assert.Equal(expected, OpenBlasKernels.Choose(avx512, avx2Fma));

    [OpenBlasFact]
    public void openblas_coretype_InThisProcess_IsTheOneNamedInOpenBlasCoretype()
    {
        var named = Environment.GetEnvironmentVariable(OpenBlasKernels.CoreTypeVariable);
        Assert.False(string.IsNullOrEmpty(named), "Trainer sets OPENBLAS_CORETYPE on an x64 CPU with AVX2 when the user has not");
        Assert.Equal(named, torch.openblas_coretype(), ignoreCase: true);
    }

    [OpenBlasFact]
    public void openblas_coretype_OnACpuWithAvx2_IsNotTheSse3Fallback()
    {
        // The failure this guards against: OpenBLAS 0.3.21 takes a CPU newer than itself for a
        // Prescott and multiplies matrices 4x slower than the CPU can.
        if (!Avx2.IsSupported) return;
        Assert.NotEqual("Prescott", torch.openblas_coretype(), StringComparer.OrdinalIgnoreCase);
        if (torch.openblas_coretype_chosen_by_trainer())
            Assert.Equal(OpenBlasKernels.ChooseForThisCpu(), torch.openblas_coretype(), ignoreCase: true);
    }

    [OpenBlasFact]
    public void ChildProcess_StartedAfterTorchLoads_InheritsTheKernelChoice()
    {
        // The benchmarks' PyTorch peers must run the same kernels as Trainer.
        var start = new ProcessStartInfo("printenv", OpenBlasKernels.CoreTypeVariable) { RedirectStandardOutput = true };
        using var child = Process.Start(start)!;
        var printed = child.StandardOutput.ReadToEnd().Trim();
        child.WaitForExit();
        Assert.Equal(torch.openblas_coretype(), printed, ignoreCase: true);
    }
}

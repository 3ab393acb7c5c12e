using TorchSharp;

namespace Trainer.Tests;

/// <summary>
/// Tests that need a CUDA device. Where <c>torch.cuda.is_available()</c> is false (our CI, the
/// 2-core VM) they are reported as skipped, with the reason, never as passed; scripts/gpu/test.sh
/// runs them on a GPU machine against a CUDA build of TorchSharp.
/// </summary>
internal static class Cuda
{
    internal static readonly bool Available = torch.cuda.is_available();
    internal const string Missing = "needs a CUDA device; none here (scripts/gpu/test.sh runs these on a GPU machine)";
}

internal sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!Cuda.Available) Skip = Cuda.Missing;
    }
}

internal sealed class CudaTheoryAttribute : TheoryAttribute
{
    public CudaTheoryAttribute()
    {
        if (!Cuda.Available) Skip = Cuda.Missing;
    }
}

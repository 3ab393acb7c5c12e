namespace Trainer.Book.Tests.Support;

/// <summary>
/// A fact that needs a CUDA device. Where <c>torch.cuda.is_available()</c> is false (CI and the
/// 2-core VM) it is reported as skipped, with the reason, never as passed.
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public const string Missing = "needs a CUDA device; torch.cuda.is_available() is false here";

    public CudaFactAttribute()
    {
        if (!torch.cuda.is_available()) Skip = Missing;
    }
}

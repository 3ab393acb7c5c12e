using TorchSharp;

namespace Trainer.Tests;

/// <summary>TorchSharp's count of live tensors (every thread's), for the tests that check nothing is left behind.</summary>
internal static class LiveTensors
{
    /// <summary>
    /// The count once tensors that earlier tests dropped undisposed have been finalized: otherwise
    /// a GC in the middle of a test lowers the count and looks like a change made by the code under test.
    /// </summary>
    public static long Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return torch.Tensor.TotalCount;
    }
}

using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

/// <summary>
/// P/Invoke declarations for the shim, one partial file per native area. Every export
/// catches all C++ exceptions; failures come back as null or -1 and are turned into a
/// <see cref="TorchException"/> by <see cref="Check"/> on the calling thread.
/// </summary>
internal static partial class NativeMethods
{
    internal const string Lib = "trainer_native";

    /// <summary>Before the first call loads libtorch and its BLAS: see <see cref="OpenBlasKernels"/>.</summary>
    static NativeMethods() => OpenBlasKernels.SelectBeforeLoad();

    [LibraryImport(Lib)]
    internal static partial IntPtr trn_last_error();

    [LibraryImport(Lib)]
    internal static partial void trn_clear_error();

    /// <summary>Throws the thread's pending native error.</summary>
    internal static TorchException LastError()
    {
        var ptr = trn_last_error();
        var message = ptr == IntPtr.Zero ? "native call failed without a message" : Marshal.PtrToStringUTF8(ptr)!;
        trn_clear_error();
        return new TorchException(message);
    }

    /// <summary>Checks a status return (0 ok, -1 failed).</summary>
    internal static void Check(int status)
    {
        if (status != 0) throw LastError();
    }

    /// <summary>Checks a tensor return (null means failed) and takes ownership of it.</summary>
    internal static Tensor CheckTensor(IntPtr raw)
    {
        if (raw == IntPtr.Zero) throw LastError();
        return new Tensor(raw);
    }
}

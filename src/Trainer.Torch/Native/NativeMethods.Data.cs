using System.Runtime.InteropServices;

namespace Trainer.Torch.Native;

// data.cpp: the DataLoader's batch gather.
internal static partial class NativeMethods
{
    [LibraryImport(Lib)]
    internal static partial IntPtr trn_data_rows(TensorHandle source, TensorHandle order, long start, long length);
}

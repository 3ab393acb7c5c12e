namespace Trainer.Torch.Native;

/// <summary>
/// Lends native code the raw pointers of several tensors for one call (cat, stack, index
/// specs). Each handle is AddRef'd so a concurrent Dispose cannot free it mid-call, and
/// released when this is disposed; C# never keeps the raw pointers beyond that.
/// </summary>
internal readonly struct HandleArray : IDisposable
{
    private readonly Tensor?[] tensors;
    private readonly bool[] added;
    internal readonly IntPtr[] Raw;

    internal HandleArray(IReadOnlyList<Tensor?> tensors)
    {
        this.tensors = tensors.ToArray();
        added = new bool[this.tensors.Length];
        Raw = new IntPtr[this.tensors.Length];
        try
        {
            for (var i = 0; i < this.tensors.Length; i++)
            {
                var t = this.tensors[i];
                if (t is null) continue;
                t.Handle.DangerousAddRef(ref added[i]);
                Raw[i] = t.Handle.DangerousGetHandle();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        for (var i = 0; i < tensors.Length; i++)
            if (added[i])
            {
                tensors[i]!.Handle.DangerousRelease();
                added[i] = false;
            }
    }
}

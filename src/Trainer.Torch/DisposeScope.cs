namespace Trainer.Torch;

/// <summary>
/// Frees every tensor created on this thread while the scope is open, except those moved
/// out with <see cref="MoveToOuter(Tensor)"/> (TorchSharp's DisposeScope, same contract).
/// Scopes nest per thread; a training step wrapped in one leaves no native tensor behind.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly DisposeScope? outer;
    private readonly List<Tensor> owned = new();
    private bool disposed;

    internal DisposeScope()
    {
        outer = current;
        current = this;
    }

    /// <summary>The innermost open scope on this thread, if any.</summary>
    internal static DisposeScope? Current => current;

    internal void Attach(Tensor tensor)
    {
        owned.Add(tensor);
        tensor.Scope = this;
    }

    /// <summary>Keeps <paramref name="tensor"/> alive past this scope, handing it to the outer one.</summary>
    public Tensor MoveToOuter(Tensor tensor)
    {
        if (tensor.Scope != this) return tensor;
        tensor.Scope = null;
        outer?.Attach(tensor);
        return tensor;
    }

    /// <summary>Keeps every tensor given alive past this scope.</summary>
    public void MoveToOuter(IEnumerable<Tensor> tensors)
    {
        foreach (var t in tensors) MoveToOuter(t);
    }

    /// <summary>Takes <paramref name="tensor"/> out of every scope: the caller now owns it.</summary>
    public static Tensor Detach(Tensor tensor)
    {
        tensor.Scope = null;
        return tensor;
    }

    /// <summary>Tensors this scope will free when it closes.</summary>
    public int Count => owned.Count(t => t.Scope == this);

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        // Scopes are strictly nested on one thread; closing out of order would leave
        // `current` pointing at a dead scope, so refuse loudly instead.
        if (current != this)
            throw new InvalidOperationException("DisposeScope closed out of order (scopes must nest)");
        current = outer;
        foreach (var t in owned)
            if (t.Scope == this)
            {
                t.Scope = null;
                t.Dispose();
            }
        owned.Clear();
    }
}

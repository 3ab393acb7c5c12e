using System.Runtime.InteropServices;
using Trainer.Torch.Native;

namespace Trainer.Torch;

/// <summary>
/// A libtorch tensor. Owns one native handle; dispose it (or create it inside a
/// <see cref="DisposeScope"/>) to free native memory deterministically. Method names follow
/// PyTorch so that book code ports line by line.
/// </summary>
public partial class Tensor : IDisposable
{
    /// <summary>The undefined tensor, passed to native code where PyTorch passes None.</summary>
    private static readonly TensorHandle UndefinedHandle = new(NativeMethods.trn_tensor_undefined());

    internal readonly TensorHandle Handle;

    /// <summary>The dispose scope that will free this tensor, if any.</summary>
    internal DisposeScope? Scope;

    /// <summary>Takes ownership of a native tensor returned by the shim.</summary>
    protected internal Tensor(IntPtr raw)
    {
        Handle = new TensorHandle(raw);
        DisposeScope.Current?.Attach(this);
    }

    internal static TensorHandle HandleOrUndefined(Tensor? t) => t?.Handle ?? UndefinedHandle;

    /// <summary>Native tensors currently alive (created and not yet freed), process-wide.</summary>
    public static long LiveCount
    {
        get
        {
            GC.KeepAlive(UndefinedHandle); // make sure the sentinel exists before subtracting it
            return TensorHandle.Live - 1;
        }
    }

    public void Dispose() => Handle.Dispose();

    public bool IsDisposed => Handle.IsClosed;

    // ---- metadata ----

    public virtual unsafe long[] shape
    {
        get
        {
            var n = NativeMethods.trn_tensor_dim(Handle);
            var dims = new long[n];
            fixed (long* p = dims) NativeMethods.trn_tensor_sizes(Handle, p);
            return dims;
        }
    }

    /// <summary>PyTorch's <c>size()</c>; same as <see cref="shape"/>.</summary>
    public long[] size() => shape;

    public long size(int dim)
    {
        var s = shape;
        var d = dim < 0 ? dim + s.Length : dim;
        if (d < 0 || d >= s.Length)
            throw new ArgumentOutOfRangeException(nameof(dim), $"dimension {dim} out of range for a {s.Length}-d tensor");
        return s[d];
    }

    public int dim() => NativeMethods.trn_tensor_dim(Handle);
    public long numel() => NativeMethods.trn_tensor_numel(Handle);
    public ScalarType dtype => (ScalarType)NativeMethods.trn_tensor_dtype(Handle);
    public Device device => new((DeviceType)NativeMethods.trn_tensor_device_type(Handle), NativeMethods.trn_tensor_device_index(Handle));
    public bool is_contiguous() => NativeMethods.trn_tensor_is_contiguous(Handle);

    /// <summary>True when both objects refer to the same underlying tensor (PyTorch's `is`).</summary>
    public bool is_same(Tensor other) => NativeMethods.trn_tensor_same(Handle, other.Handle);

    // ---- data out ----

    /// <summary>The single value of a one-element tensor.</summary>
    public T item<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(short) || typeof(T) == typeof(byte))
        {
            NativeMethods.Check(NativeMethods.trn_tensor_item_long(Handle, out var l));
            return (T)Convert.ChangeType(l, typeof(T));
        }
        NativeMethods.Check(NativeMethods.trn_tensor_item_double(Handle, out var d));
        if (typeof(T) == typeof(bool)) return (T)(object)(d != 0);
        return (T)Convert.ChangeType(d, typeof(T));
    }

    /// <summary>Copies the elements out, row-major, into a new C# array of the tensor's element type.</summary>
    public unsafe T[] ToArray<T>() where T : unmanaged
    {
        var expected = ScalarTypes.Of<T>();
        if (dtype != expected)
            throw new ArgumentException($"ToArray<{typeof(T).Name}>() needs a {expected} tensor, this one is {dtype}; convert with .to(ScalarType.{expected}) first");
        var result = new T[numel()];
        fixed (T* p = result)
            NativeMethods.Check(NativeMethods.trn_tensor_copy_to(Handle, p, (long)result.Length * sizeof(T)));
        return result;
    }

    // ---- conversion and copies ----

    public Tensor to(ScalarType type, bool copy = false) => to(type, device, copy);
    public Tensor to(Device target, bool copy = false) => to(dtype, target, copy);

    public Tensor to(ScalarType type, Device target, bool copy = false) =>
        NativeMethods.CheckTensor(NativeMethods.trn_tensor_to(Handle, (int)type, (int)target.type, target.index, copy));

    public Tensor to(Tensor other) => to(other.dtype, other.device);
    public Tensor cpu() => to(Device.CPU);
    public Tensor cuda(int index = 0) => to(new Device(DeviceType.CUDA, index));
    public Tensor @float() => to(ScalarType.Float32);
    public Tensor @double() => to(ScalarType.Float64);
    public Tensor @long() => to(ScalarType.Int64);
    public Tensor @int() => to(ScalarType.Int32);
    public Tensor @bool() => to(ScalarType.Bool);
    public Tensor @byte() => to(ScalarType.UInt8);

    public Tensor clone() => NativeMethods.CheckTensor(NativeMethods.trn_tensor_clone(Handle));
    public Tensor detach() => NativeMethods.CheckTensor(NativeMethods.trn_tensor_detach(Handle));
    public Tensor contiguous() => NativeMethods.CheckTensor(NativeMethods.trn_tensor_contiguous(Handle));

    /// <summary>
    /// PyTorch's <c>.data</c>: the same storage, outside autograd, so that writes through it
    /// (<c>weight.data.add_(1)</c>, <c>weight.data[0, 0] = 42</c>) change the tensor without being recorded.
    /// Setting it (<c>p.data = t</c>) makes this tensor use <c>t</c>'s storage, shape and strides while
    /// it stays the same object to autograd, to optimizers and to every alias of it.
    /// </summary>
    public Tensor data
    {
        get => detach();
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            NativeMethods.Check(NativeMethods.trn_nn_set_data(Handle, value.Handle));
        }
    }

    /// <summary>The address of the first element, as PyTorch's <c>data_ptr()</c> (0 for an undefined tensor).</summary>
    public long data_ptr() => NativeMethods.trn_tensor_data_ptr(Handle);

    /// <summary>A second C# object for the same tensor (shared storage and autograd identity).</summary>
    public Tensor alias() => NativeMethods.CheckTensor(NativeMethods.trn_tensor_alias(Handle));

    /// <summary>Takes this tensor out of any dispose scope; the caller now owns it.</summary>
    public Tensor DetachFromDisposeScope() => DisposeScope.Detach(this);

    /// <summary>Keeps this tensor alive past the current dispose scope.</summary>
    public Tensor MoveToOuterDisposeScope() => Scope?.MoveToOuter(this) ?? this;

    /// <summary>libtorch's own rendering (C++ style), useful when debugging the binding.</summary>
    public unsafe string ToNativeString()
    {
        var n = NativeMethods.trn_tensor_print(Handle, null, 0);
        if (n < 0) throw NativeMethods.LastError();
        var buffer = new byte[n + 1];
        fixed (byte* p = buffer) NativeMethods.trn_tensor_print(Handle, p, buffer.Length);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, n);
    }
}

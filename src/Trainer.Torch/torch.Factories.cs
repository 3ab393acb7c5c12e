using Trainer.Torch.Native;

namespace Trainer.Torch;

// Tensor creation: from C# data, and PyTorch's factories.
public static partial class torch
{
    /// <summary>A tensor holding a copy of <paramref name="data"/> laid out with <paramref name="shape"/> (row-major).</summary>
    public static unsafe Tensor tensor<T>(T[] data, long[] shape, Device? device = null, bool requires_grad = false) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        var count = ElementCount(shape);
        if (count != data.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} elements but {data.Length} were given", nameof(shape));
        var dev = device ?? Device.CPU;
        fixed (T* p = data)
        fixed (long* s = shape)
            return NativeMethods.CheckTensor(NativeMethods.trn_tensor_from_data(p, s, shape.Length, (int)ScalarTypes.Of<T>(), (int)dev.type, dev.index, requires_grad));
    }

    /// <summary>Elements a shape describes; a negative dimension is an error naming the shape.</summary>
    private static long ElementCount(long[] shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension {d} in shape [{string.Join(", ", shape)}]", nameof(shape));
            count *= d;
        }
        return count;
    }

    /// <summary>A 1-d tensor of <paramref name="data"/>, as <c>torch.tensor([1.0, 2.0])</c>.</summary>
    public static Tensor tensor<T>(T[] data, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        tensor(data, new long[] { data.Length }, device, requires_grad);

    /// <summary>A 2-d tensor from a rectangular C# array, as <c>torch.tensor([[1, 2], [3, 4]])</c>.</summary>
    public static Tensor tensor<T>(T[,] data, Device? device = null, bool requires_grad = false) where T : unmanaged
    {
        var flat = new T[data.Length];
        var i = 0;
        foreach (var v in data) flat[i++] = v;
        return tensor(flat, new long[] { data.GetLength(0), data.GetLength(1) }, device, requires_grad);
    }

    /// <summary>A 3-d tensor from a rectangular C# array.</summary>
    public static Tensor tensor<T>(T[,,] data, Device? device = null, bool requires_grad = false) where T : unmanaged
    {
        var flat = new T[data.Length];
        var i = 0;
        foreach (var v in data) flat[i++] = v;
        return tensor(flat, new long[] { data.GetLength(0), data.GetLength(1), data.GetLength(2) }, device, requires_grad);
    }

    /// <summary>A 0-d tensor, as <c>torch.tensor(3.0)</c>.</summary>
    public static Tensor scalar_tensor(double value, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var dev = device ?? Device.CPU;
        return NativeMethods.CheckTensor(NativeMethods.trn_scalar_tensor(value, (int)dtype, (int)dev.type, dev.index));
    }

    public static Tensor tensor(float value) => scalar_tensor(value, ScalarType.Float32);
    public static Tensor tensor(double value) => scalar_tensor(value, ScalarType.Float64);
    public static Tensor tensor(long value) => scalar_tensor(value, ScalarType.Int64);

    private unsafe delegate IntPtr ShapeFactory(long* dims, int ndim, int dtype, int deviceType, int deviceIndex);

    private static unsafe Tensor Make(ShapeFactory factory, long[] shape, ScalarType dtype, Device? device, bool requiresGrad)
    {
        var dev = device ?? Device.CPU;
        Tensor t;
        fixed (long* s = shape)
            t = NativeMethods.CheckTensor(factory(s, shape.Length, (int)dtype, (int)dev.type, dev.index));
        if (requiresGrad) t.requires_grad = true;
        return t;
    }

    public static unsafe Tensor zeros(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Make(NativeMethods.trn_zeros, shape, dtype, device, requires_grad);
    public static Tensor zeros(params long[] shape) => zeros(shape, ScalarType.Float32);

    public static unsafe Tensor ones(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Make(NativeMethods.trn_ones, shape, dtype, device, requires_grad);
    public static Tensor ones(params long[] shape) => ones(shape, ScalarType.Float32);

    public static unsafe Tensor empty(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Make(NativeMethods.trn_empty, shape, dtype, device, requires_grad);
    public static Tensor empty(params long[] shape) => empty(shape, ScalarType.Float32);

    public static unsafe Tensor rand(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Make(NativeMethods.trn_rand, shape, dtype, device, requires_grad);
    public static Tensor rand(params long[] shape) => rand(shape, ScalarType.Float32);

    public static unsafe Tensor randn(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false) =>
        Make(NativeMethods.trn_randn, shape, dtype, device, requires_grad);
    public static Tensor randn(params long[] shape) => randn(shape, ScalarType.Float32);

    public static unsafe Tensor full(long[] shape, double value, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        var dev = device ?? Device.CPU;
        Tensor t;
        fixed (long* s = shape)
            t = NativeMethods.CheckTensor(NativeMethods.trn_full(s, shape.Length, (int)dtype, (int)dev.type, dev.index, value));
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    /// <summary>Integers drawn uniformly from [low, high).</summary>
    public static unsafe Tensor randint(long low, long high, long[] shape, ScalarType dtype = ScalarType.Int64, Device? device = null)
    {
        var dev = device ?? Device.CPU;
        fixed (long* s = shape)
            return NativeMethods.CheckTensor(NativeMethods.trn_randint(low, high, s, shape.Length, (int)dtype, (int)dev.type, dev.index));
    }

    /// <summary>Values from start to end (exclusive) by step; an integer dtype unless a bound is fractional, as PyTorch.</summary>
    public static Tensor arange(double start, double end, double step = 1, ScalarType? dtype = null, Device? device = null)
    {
        var dev = device ?? Device.CPU;
        var integral = start == Math.Floor(start) && end == Math.Floor(end) && step == Math.Floor(step);
        var type = dtype ?? (integral ? ScalarType.Int64 : ScalarType.Float32);
        return NativeMethods.CheckTensor(NativeMethods.trn_arange(start, end, step, (int)type, (int)dev.type, dev.index));
    }

    public static Tensor arange(double end, ScalarType? dtype = null, Device? device = null) => arange(0, end, 1, dtype, device);

    public static Tensor eye(long n, long m = -1, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        var dev = device ?? Device.CPU;
        return NativeMethods.CheckTensor(NativeMethods.trn_eye(n, m < 0 ? n : m, (int)dtype, (int)dev.type, dev.index));
    }

    public static Tensor zeros_like(Tensor t) => NativeMethods.CheckTensor(NativeMethods.trn_zeros_like(t.Handle));
    public static Tensor ones_like(Tensor t) => NativeMethods.CheckTensor(NativeMethods.trn_ones_like(t.Handle));
}

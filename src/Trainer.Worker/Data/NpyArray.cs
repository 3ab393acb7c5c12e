using System.IO.MemoryMappedFiles;
using Trainer.Shared.Tensors;

namespace Trainer;

/// <summary>
/// One .npy file, memory-mapped read-only: a gather copies the rows it names from the mapping into
/// a new tensor, so a data set larger than memory costs only the pages its batches touch, and the
/// kernel's page cache is shared by every device thread (and every process on the node).
/// </summary>
internal sealed unsafe class NpyArray : IDisposable
{
    private readonly MemoryMappedFile file;
    private readonly MemoryMappedViewAccessor view;
    private readonly NpyHeader header;
    private readonly long fileBytes;
    private readonly long rowBytes;

    /// <summary>
    /// The first byte of the mapped file, acquired once for the mapping's life so that concurrent
    /// gathers only read through it (no per-call acquire and release to race on).
    /// </summary>
    private readonly byte* start;
    private volatile bool disposed;

    private NpyArray(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, NpyHeader header, long fileBytes)
    {
        Path = path;
        this.file = file;
        this.view = view;
        this.header = header;
        this.fileBytes = fileBytes;
        Count = header.Shape[0];
        RowShape = header.Shape[1..];
        rowBytes = RowShape.Aggregate((long)header.ItemSize, (n, d) => n * d);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        start = pointer + view.PointerOffset;
    }

    internal string Path { get; }

    /// <summary>Rows: the size of the first dimension.</summary>
    internal long Count { get; }

    /// <summary>The shape of one row (the header's shape without its first dimension).</summary>
    internal long[] RowShape { get; }

    /// <summary>
    /// Opens <paramref name="path"/>, checks its header against its size (a file that is shorter is
    /// truncated; one that is longer contradicts its shape) and maps it.
    /// </summary>
    internal static NpyArray Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($".npy file {path} not found", path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var header = NpyHeader.Read(stream, path);
            var data = stream.Length - header.DataOffset;
            var needed = header.DataBytes ?? throw new InvalidDataException($"{path} declares shape {header.ShapeText}, more bytes than a file can hold");
            if (data < needed)
                throw new InvalidDataException($"{path} is truncated: its header's shape {header.ShapeText} of '{header.Descr}' needs {needed} bytes of data after the {header.DataOffset}-byte header, the file holds {data}");
            if (data > needed)
                throw new InvalidDataException($"{path} holds {data} bytes of data after its {header.DataOffset}-byte header, but its header's shape {header.ShapeText} of '{header.Descr}' needs {needed}: the shape contradicts the file");
            var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            try
            {
                return new NpyArray(path, file, file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read), header, stream.Length);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The rows at <paramref name="indices"/> (already checked against <see cref="Count"/>) as a new
    /// CPU tensor of the file's dtype, shaped [indices.Length, ..RowShape]: one copy from the
    /// mapping per row, straight into the tensor's memory.
    /// </summary>
    internal Tensor Rows(long[] indices)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        long[] shape = [indices.Length, .. RowShape];
        var rows = empty(shape, header.Type);
        if (indices.Length == 0 || rowBytes == 0) return rows;
        var to = (byte*)rows.Address();
        var from = start + header.DataOffset;
        for (var i = 0; i < indices.Length; i++)
            Buffer.MemoryCopy(from + indices[i] * rowBytes, to + i * rowBytes, rowBytes, rowBytes);
        return rows;
    }

    /// <summary>The whole file's size and SHA-256, read through the mapping (the bytes the rows come from).</summary>
    internal string Describe()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        using var bytes = new UnmanagedMemoryStream(start, fileBytes);
        return DataFileHash.Describe(bytes);
    }

    /// <summary>Unmaps the file; no gather may be running (the trainer is done with its source).</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        file.Dispose();
    }
}

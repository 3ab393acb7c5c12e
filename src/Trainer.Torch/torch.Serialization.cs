using Trainer.Torch.Serialization;

namespace Trainer.Torch;

// torch.save / torch.load in PyTorch's own zip format, readable by PyTorch's torch.load and
// reading what PyTorch's torch.save writes (including state_dict OrderedDicts).
public static partial class torch
{
    /// <summary>
    /// Writes <paramref name="obj"/> as PyTorch's <c>torch.save</c> does. Accepted: tensors
    /// (parameters stay parameters), long/int/double/float/bool/string/null, lists, arrays
    /// (written as tuples), dictionaries (a <c>Dictionary</c> as a dict, an
    /// <c>OrderedDictionary</c> or <see cref="OrderedDict"/> as <c>collections.OrderedDict</c>).
    /// Tensors sharing memory are written over one shared storage.
    /// </summary>
    public static void save(object obj, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // Write beside the target and rename, so a failure (or a crash) never leaves a
        // half-written checkpoint where a good one was.
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                TorchArchiveWriter.Save(obj, file, TorchArchiveWriter.ArchiveNameFor(path));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes <paramref name="obj"/> to a stream (archive folder "archive", as PyTorch for buffers).</summary>
    public static void save(object obj, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        TorchArchiveWriter.Save(obj, stream, "archive");
    }

    /// <summary>
    /// Reads a <c>torch.save</c> file. Returns a <see cref="Tensor"/>, <c>List&lt;object?&gt;</c>
    /// (list), <c>object?[]</c> (tuple), <c>Dictionary&lt;object, object?&gt;</c> (dict),
    /// <see cref="OrderedDict"/> (collections.OrderedDict, e.g. a state_dict), long, double,
    /// bool, string or null. Tensors go to their saved device when it exists here, else the
    /// CPU, unless <paramref name="map_location"/> says where. Anything wrong with the file
    /// throws <see cref="TorchLoadException"/> naming it.
    /// </summary>
    public static object? load(string path, Device? map_location = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream file;
        try { file = File.OpenRead(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TorchLoadException($"{path}: cannot open ({e.Message})", e);
        }
        using (file) return TorchArchiveReader.Load(file, path, map_location);
    }

    /// <summary>Reads a <c>torch.save</c> archive from a stream; see <see cref="load(string, Device?)"/>.</summary>
    public static object? load(Stream stream, Device? map_location = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return TorchArchiveReader.Load(stream, "<stream>", map_location);
    }

    /// <summary>
    /// Reads a file and converts it to <typeparamref name="T"/>: <see cref="Tensor"/>,
    /// <c>List&lt;Tensor&gt;</c> (from a list or tuple), <c>Dictionary&lt;string, Tensor&gt;</c>
    /// or <c>OrderedDictionary&lt;string, Tensor&gt;</c> (from a dict or OrderedDict), or any
    /// type load itself returns. Throws <see cref="TorchLoadException"/> saying what the file
    /// holds when it does not fit (freeing the loaded tensors).
    /// </summary>
    public static T load<T>(string path, Device? map_location = null) => Convert<T>(load(path, map_location), path);

    /// <summary>Reads a stream and converts it; see <see cref="load{T}(string, Device?)"/>.</summary>
    public static T load<T>(Stream stream, Device? map_location = null) => Convert<T>(load(stream, map_location), "<stream>");

    private static T Convert<T>(object? loaded, string source)
    {
        try
        {
            return LoadedObjects.Convert<T>(loaded, source);
        }
        catch (TorchLoadException)
        {
            var tensors = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
            LoadedObjects.CollectTensors(loaded, tensors);
            foreach (var t in tensors) t.Dispose();
            throw;
        }
    }
}

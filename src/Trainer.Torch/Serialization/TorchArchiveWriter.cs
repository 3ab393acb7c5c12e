using System.Text;

namespace Trainer.Torch.Serialization;

/// <summary>
/// torch.save: pickles the object with tensors as <c>_rebuild_tensor_v2(storage, offset,
/// size, stride, requires_grad, OrderedDict())</c> (parameters wrapped in
/// <c>_rebuild_parameter</c>), where each storage is a persistent id
/// <c>('storage', torch.XStorage, key, location, numel)</c>. Tensors that share memory
/// (tied weights, views) share one storage record, as in PyTorch, so they load tied again.
/// </summary>
internal sealed class TorchArchiveWriter
{
    private readonly Dictionary<long, (string Key, Tensor Owner)> storages = new();

    internal static void Save(object? obj, Stream output, string archive)
    {
        var writer = new TorchArchiveWriter();
        var pickle = new Pickler(writer.WriteTensor).Dump(obj);
        var zip = new ZipRecordWriter(output, archive);
        zip.Write("data.pkl", pickle);
        foreach (var (key, owner) in writer.storages.Values.OrderBy(s => s.Key, StringComparer.Ordinal))
            zip.Write($"data/{key}", owner.StorageToBytes());
        zip.Write("version", "3\n"u8);
        zip.Finish();
    }

    /// <summary>The archive folder PyTorch would use: the file name without its extension.</summary>
    internal static string ArchiveNameFor(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        return stem.Length > 0 && stem.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? stem : "archive";
    }

    private void WriteTensor(Pickler p, Tensor t)
    {
        if (t.IsDisposed) throw new ArgumentException("torch.save was given a disposed tensor");
        var isParameter = t is Parameter;
        if (isParameter) p.SaveGlobal("torch._utils", "_rebuild_parameter");
        p.SaveGlobal("torch._utils", "_rebuild_tensor_v2");
        p.Op(PickleOpcode.Mark);
        {
            p.SaveTuple(StorageId(t));
            p.BinPersId();
            p.Save(t.storage_offset());
            p.SaveTuple(t.shape.Cast<object?>().ToArray());
            p.SaveTuple(t.stride().Cast<object?>().ToArray());
            p.Save(!isParameter && t.requires_grad);
            EmptyOrderedDict(p);
        }
        p.Op(PickleOpcode.Tuple);
        p.Reduce();
        if (!isParameter) return;
        p.Save(t.requires_grad);
        EmptyOrderedDict(p);
        p.Op(PickleOpcode.Tuple3);
        p.Reduce();
    }

    /// <summary>The persistent id of t's storage, registering the storage on first sight.</summary>
    private object?[] StorageId(Tensor t)
    {
        var dtype = t.dtype;
        var typeName = StorageTypes.NameOf(dtype);
        var id = t.StorageId;
        if (storages.TryGetValue(id, out var known))
        {
            if (known.Owner.dtype != dtype)
                throw new ArgumentException($"torch.save: two tensors view the same memory as {known.Owner.dtype} and {dtype}, which PyTorch cannot load");
        }
        else
        {
            known = (storages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), t);
            storages[id] = known;
        }
        var device = t.device;
        var location = device.type == DeviceType.CPU ? "cpu" : $"cuda:{Math.Max(device.index, 0)}";
        return new object?[] { "storage", new StorageGlobal(typeName), known.Key, location, t.StorageBytes / dtype.ElementSize() };
    }

    private static void EmptyOrderedDict(Pickler p)
    {
        p.SaveGlobal("collections", "OrderedDict");
        p.Op(PickleOpcode.EmptyTuple);
        p.Reduce();
    }
}

/// <summary>A <c>torch.XStorage</c> class inside a persistent id; the pickler writes it as a GLOBAL.</summary>
internal sealed record StorageGlobal(string Name);

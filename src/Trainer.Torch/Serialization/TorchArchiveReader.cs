namespace Trainer.Torch.Serialization;

/// <summary>
/// torch.load: opens the zip, runs data.pkl through the allow-listed unpickler and rebuilds
/// tensors over the storages in data/KEY. Either the whole object comes back, or a
/// <see cref="TorchLoadException"/> naming the source and the problem, with every tensor
/// made so far freed.
/// </summary>
internal static class TorchArchiveReader
{
    internal static object? Load(Stream input, string source, Device? mapLocation)
    {
        if (!input.CanSeek)
        {
            var copy = new MemoryStream();
            input.CopyTo(copy);
            copy.Position = 0;
            input = copy;
        }
        using var zip = new ZipRecordReader(input, source);
        if (zip.Has("constants.pkl"))
            throw new TorchLoadException($"{source}: a TorchScript archive (torch.jit.save), not a torch.save file");
        var pickle = zip.Read("data.pkl");

        byte[] ReadStorage(string key, long expectedBytes)
        {
            if (!zip.Has($"data/{key}"))
                throw new TorchLoadException($"{source}: storage record '{zip.Archive}/data/{key}' is missing");
            var bytes = zip.Read($"data/{key}");
            if (bytes.LongLength != expectedBytes)
                throw new TorchLoadException($"{source}: storage size mismatch: record 'data/{key}' holds {bytes.LongLength} bytes, the pickle expects {expectedBytes}");
            return bytes;
        }

        var host = new TorchUnpicklerHost(ReadStorage, mapLocation);
        try
        {
            var result = Unpickler.Load(pickle, host);
            FreeUnreachable(host.Created, result);
            return result;
        }
        catch (Exception e)
        {
            foreach (var t in host.Created) t.Dispose();
            if (e is TorchLoadException) throw;
            if (e is PickleException or TorchException or NotSupportedException or OverflowException)
                throw new TorchLoadException($"{source}: {e.Message}", e);
            throw;
        }
        finally
        {
            host.ReleaseStorages();
        }
    }

    /// <summary>
    /// Tensors made along the way but not part of the result (a parameter's inner data, a
    /// tensor only referenced from a discarded stack slot) are freed now, not by the finalizer.
    /// </summary>
    private static void FreeUnreachable(List<Tensor> created, object? result)
    {
        var reachable = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        LoadedObjects.CollectTensors(result, reachable);
        foreach (var t in created)
            if (!reachable.Contains(t)) t.Dispose();
    }
}

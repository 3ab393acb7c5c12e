namespace Trainer.Shared.Serialization;

/// <summary>
/// Reads what a torch.save file holds — its dicts, lists, plain values and tensors' shapes and
/// dtypes — without reading any tensor data, so it is fast on files of any size.
/// </summary>
/// <remarks>
/// Why not TorchSharp.PyBridge's <c>PyTorchUnpickler.UnpickleStateDict</c>: it returns a
/// <see cref="System.Collections.Hashtable"/>, which loses the file's order (a state_dict would
/// list in hash order, not layer by layer), and with <c>skipTensorRead</c> its shapes are only
/// reachable by reflection on internal types. So the zip is opened here and data.pkl is run
/// through <see cref="PickleReader"/> with <see cref="TorchMetadataHost"/>, whose allow-list
/// means a file can never run code. Tensor bytes are not read and so not CRC-checked; each
/// storage record is checked to exist and to be long enough for the tensors that use it.
/// </remarks>
public static class TorchFileMetadata
{
    /// <summary>
    /// The object tree of the file at <paramref name="path"/>: <see cref="PyDict"/> for dicts and
    /// OrderedDicts, <c>List&lt;object?&gt;</c> for lists, <c>object?[]</c> for tuples,
    /// <see cref="TensorInfo"/> for tensors, and long, double, string, bool or null for plain values.
    /// </summary>
    /// <exception cref="TorchFileException">The file is missing, unreadable, or not a sound torch.save file.</exception>
    public static object? Read(string path)
    {
        using var file = Open(path);
        using var archive = new TorchArchive(file);
        if (archive.Has("constants.pkl"))
            throw new TorchFileException("a TorchScript archive (torch.jit.save), not a torch.save file");
        var pickle = archive.Read("data.pkl");
        var host = new TorchMetadataHost(archive.Name, key => archive.Length($"data/{key}"));
        try { return PickleReader.Load(pickle, host); }
        catch (PickleException e) { throw new TorchFileException($"{archive.Name}/data.pkl: {e.Message}", e); }
    }

    private static FileStream Open(string path)
    {
        if (Directory.Exists(path)) throw new TorchFileException("is a directory, not a file");
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TorchFileException("no such file", e);
        }
        catch (UnauthorizedAccessException e) { throw new TorchFileException("permission denied", e); }
        catch (ArgumentException e) { throw new TorchFileException("is not a valid path", e); }
        catch (IOException e) { throw new TorchFileException($"cannot be opened ({e.Message})", e); }
    }
}

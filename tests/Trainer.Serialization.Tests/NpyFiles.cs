using static Trainer.Serialization.Tests.PyTorchPeer;

namespace Trainer.Serialization.Tests;

/// <summary>.npy files written by the real numpy (Debian's python3-numpy), one Python start per call.</summary>
internal static class NpyFiles
{
    /// <summary>Saves each Python expression (numpy as np) to its path with np.save.</summary>
    internal static void Save(params (string Path, string Array)[] files) =>
        Trainer.Tests.PythonRunner.Run("import numpy as np\n" +
            string.Concat(files.Select(f => $"np.save({Py(f.Path)}, {f.Array})\n")));

    /// <summary>Writes <paramref name="array"/> in .npy format <paramref name="version"/>.0 (np.save picks 1.0 unless it must not).</summary>
    internal static void Write(string path, string array, int version) =>
        Trainer.Tests.PythonRunner.Run($"""
            import numpy as np
            with open({Py(path)}, 'wb') as f:
                np.lib.format.write_array(f, {array}, version=({version}, 0))
            """);
}

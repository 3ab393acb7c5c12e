using System.IO.Compression;
using Trainer.Shared.Data;

namespace Trainer.Cluster.Tests.Support;

/// <summary>
/// A small Fashion-MNIST for cluster runs (a few steps, not 235): the first images of Debian's
/// files, written in the same gzip IDX format to a folder a test owns, so `--data DIR` reads it
/// like the real one.
/// </summary>
internal static class SmallFashionMnist
{
    public static string Write(string dir, int train, int test, bool alterOnePixel = false)
    {
        Directory.CreateDirectory(dir);
        Copy("train", train, dir, alterOnePixel);
        Copy("t10k", test, dir, false);
        return dir;
    }

    private static void Copy(string prefix, int count, string dir, bool alter)
    {
        var images = ReadGz($"{prefix}-images-idx3-ubyte.gz");
        var labels = ReadGz($"{prefix}-labels-idx1-ubyte.gz");
        var imageBytes = images[..(16 + count * 784)];
        SetCount(imageBytes, count);
        if (alter) imageBytes[16 + 100] ^= 0x40;
        var labelBytes = labels[..(8 + count)];
        SetCount(labelBytes, count);
        WriteGz(Path.Combine(dir, $"{prefix}-images-idx3-ubyte.gz"), imageBytes);
        WriteGz(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte.gz"), labelBytes);
    }

    private static void SetCount(byte[] idx, int count)
    {
        idx[4] = (byte)(count >> 24);
        idx[5] = (byte)(count >> 16);
        idx[6] = (byte)(count >> 8);
        idx[7] = (byte)count;
    }

    private static byte[] ReadGz(string name)
    {
        using var file = File.OpenRead(Path.Combine(FashionMNIST.DefaultRoot, name));
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var all = new MemoryStream();
        gz.CopyTo(all);
        return all.ToArray();
    }

    private static void WriteGz(string path, byte[] bytes)
    {
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(bytes);
    }
}

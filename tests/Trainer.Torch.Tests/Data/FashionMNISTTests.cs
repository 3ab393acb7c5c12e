using System.IO.Compression;
using Trainer.Torch.Data;

namespace Trainer.Torch.Tests.Data;

public class FashionMNISTTests
{
    [Fact]
    public void Load_DebianFiles_HasPyTorchSizesAndLabels()
    {
        using var train = new FashionMNIST(train: true);
        using var test = new FashionMNIST(train: false);
        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        Assert.Equal(new long[] { 60000, 1, 28, 28 }, train.data.shape);
        Assert.Equal(ScalarType.UInt8, train.data.dtype);
        Assert.Equal(ScalarType.Int64, test.targets.dtype);
        var labels = train.targets.ToArray<long>();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), labels.Distinct().Order());
        // The data set is balanced: 6000 training images per class.
        Assert.All(labels.GroupBy(l => l), g => Assert.Equal(6000, g.Count()));
        // The first training image is an ankle boot (label 9), as in torchvision.
        Assert.Equal(9, labels[0]);
    }

    [Fact]
    public void Images_AreToTensorScaled()
    {
        using var test = new FashionMNIST(train: false);
        var pixels = test.data.ToArray<byte>();
        var images = test.images.ToArray<float>();
        Assert.Equal(ScalarType.Float32, test.images.dtype);
        Assert.Equal(pixels.Length, images.Length);
        for (var i = 0; i < pixels.Length; i += 997) Assert.Equal(pixels[i] / 255f, images[i]);
        Assert.Equal(1f, images.Max());
        Assert.Equal(0f, images.Min());
    }

    [Fact]
    public void Load_MissingFiles_ErrorNamesThePackage()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        var e = Assert.Throws<FileNotFoundException>(() => new FashionMNIST(dir));
        Assert.Contains("dataset-fashion-mnist", e.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", e.Message);
    }

    [Fact]
    public void Load_TruncatedFile_ErrorNamesTheFile()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        foreach (var f in Directory.GetFiles(FashionMNIST.DefaultRoot, "t10k-*"))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        // A well-formed gzip whose IDX payload stops after 100 images.
        var images = Path.Combine(dir, "t10k-images-idx3-ubyte.gz");
        byte[] full;
        using (var gz = new GZipStream(File.OpenRead(images), CompressionMode.Decompress))
        using (var ms = new MemoryStream()) { gz.CopyTo(ms); full = ms.ToArray(); }
        using (var outGz = new GZipStream(File.Create(images), CompressionLevel.Fastest))
            outGz.Write(full, 0, 16 + 100 * 784);
        var e = Assert.Throws<InvalidDataException>(() => new FashionMNIST(dir, train: false));
        Assert.Contains("t10k-images-idx3-ubyte.gz is truncated", e.Message);

        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"), new byte[] { 1, 2, 3 });
        File.WriteAllBytes(images, full.Length > 0 ? Compress(full) : full);
        var bad = Assert.Throws<InvalidDataException>(() => new FashionMNIST(dir, train: false));
        Assert.Contains("t10k-labels-idx1-ubyte.gz", bad.Message);
    }

    private static byte[] Compress(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest)) gz.Write(data);
        return ms.ToArray();
    }
}

using System.Buffers.Binary;
using System.Xml.Linq;

namespace Trainer.Telemetry.Tests.Figures;

/// <summary>What a written figure must be: a PNG by its signature and IHDR chunk, an SVG by its XML root.</summary>
internal static class ImageFiles
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts a PNG and returns its size in pixels from the IHDR chunk (the first, as PNG requires).</summary>
    public static (int Width, int Height) AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path}: {bytes.Length} bytes is no PNG");
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal(13u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        var size = ((int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20)));
        Assert.True(size.Item1 > 0 && size.Item2 > 0, $"{path}: {size.Item1} x {size.Item2}");
        return size;
    }

    /// <summary>Asserts an SVG document (XML whose root is svg in the SVG namespace) and returns it.</summary>
    public static XDocument AssertSvg(string path)
    {
        var svg = XDocument.Load(path);
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Root!.Name);
        Assert.NotEmpty(svg.Root.Descendants());
        return svg;
    }
}

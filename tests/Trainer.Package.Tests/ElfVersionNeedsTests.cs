using System.Buffers.Binary;

namespace Trainer.Package.Tests;

/// <summary>The header check and the one-flag edit of build/MarkGlibcxxVersionWeak.cs, on a crafted file.</summary>
public class ElfVersionNeedsTests
{
    const string Version = "GLIBCXX_3.4.32";

    [Fact]
    public void Refusal_Elf64LittleEndianX8664_Null()
    {
        Assert.Null(ElfVersionNeeds.Refusal(TinyElf.Build()));
    }

    [Theory]
    [InlineData(0, 0x4D, "not an ELF file")]
    [InlineData(4, 1, "not a 64-bit ELF file")]
    [InlineData(5, 2, "not a little-endian ELF file")]
    [InlineData(0x12, 183, "not x86-64")] // EM_AARCH64
    public void Refusal_OtherFile_SaysWhy(int offset, byte value, string expected)
    {
        var image = TinyElf.Build();
        image[offset] = value;
        Assert.Contains(expected, ElfVersionNeeds.Refusal(image));
    }

    [Fact]
    public void Refusal_ShorterThanAnElfHeader_NotAnElfFile()
    {
        Assert.Equal("not an ELF file", ElfVersionNeeds.Refusal("\u007fELF"u8.ToArray()));
    }

    [Fact]
    public void MarkWeak_RequirementNotWeak_SetsOnlyItsWeakFlag()
    {
        var original = TinyElf.Build();
        var image = (byte[])original.Clone();

        Assert.Equal(ElfVersionNeeds.Outcome.Marked, ElfVersionNeeds.MarkWeak(image, Version));

        var changed = Enumerable.Range(0, image.Length).Where(i => image[i] != original[i]).ToArray();
        Assert.Equal([TinyElf.WeakFlagOffset], changed);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(TinyElf.WeakFlagOffset)));
    }

    [Fact]
    public void MarkWeak_AlreadyWeak_ChangesNothing()
    {
        var image = TinyElf.Build(alreadyWeak: true);
        var before = (byte[])image.Clone();
        Assert.Equal(ElfVersionNeeds.Outcome.AlreadyWeak, ElfVersionNeeds.MarkWeak(image, Version));
        Assert.Equal(before, image);
    }

    [Fact]
    public void MarkWeak_VersionNotRequired_ChangesNothing()
    {
        var image = TinyElf.Build();
        var before = (byte[])image.Clone();
        Assert.Equal(ElfVersionNeeds.Outcome.NotRequired, ElfVersionNeeds.MarkWeak(image, "GLIBCXX_3.4.99"));
        Assert.Equal(before, image);
    }

    [Fact]
    public void MarkWeak_SectionTableOutsideTheFile_InvalidData()
    {
        var image = TinyElf.Build();
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(0x28), (ulong)image.Length);
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.MarkWeak(image, Version));
    }

    [Fact]
    public void MarkWeak_NoVersionNeedSection_InvalidData()
    {
        var image = TinyElf.Build();
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x3C), 2); // the verneed section is the third
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.MarkWeak(image, Version));
    }
}

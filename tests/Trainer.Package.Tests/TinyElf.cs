using System.Buffers.Binary;
using System.Text;

namespace Trainer.Package.Tests;

/// <summary>
/// The smallest ELF64 x86-64 file with what the patch reads: a section table holding a string table
/// and a .gnu.version_r that needs libstdc++.so.6 at GLIBCXX_3.4.30 and GLIBCXX_3.4.32.
/// </summary>
internal static class TinyElf
{
    const int HeaderSize = 0x40, SectionHeaderSize = 0x40;

    /// <summary>Offset of GLIBCXX_3.4.32's vna_flags.</summary>
    public static int WeakFlagOffset { get; private set; }

    public static byte[] Build(bool alreadyWeak = false)
    {
        byte[] strings = Encoding.ASCII.GetBytes("\0libstdc++.so.6\0GLIBCXX_3.4.30\0GLIBCXX_3.4.32\0");
        int file = 1, version30 = 16, version32 = 31;
        int stringsAt = HeaderSize, needAt = Align(stringsAt + strings.Length), needSize = 16 + 2 * 16;
        int sectionTable = Align(needAt + needSize);
        var image = new byte[sectionTable + 3 * SectionHeaderSize];

        "\u007fELF"u8.CopyTo(image);
        image[4] = 2; // ELFCLASS64
        image[5] = 1; // little-endian
        image[6] = 1; // EV_CURRENT
        U16(image, 0x10, 3); // ET_DYN
        U16(image, 0x12, 62); // EM_X86_64
        U32(image, 0x14, 1);
        U64(image, 0x28, (ulong)sectionTable);
        U16(image, 0x34, HeaderSize);
        U16(image, 0x3A, SectionHeaderSize);
        U16(image, 0x3C, 3);

        strings.CopyTo(image, stringsAt);

        // Verneed: version 1, two aux entries, file name, aux right after, no next.
        U16(image, needAt, 1);
        U16(image, needAt + 2, 2);
        U32(image, needAt + 4, (uint)file);
        U32(image, needAt + 8, 16);
        Aux(image, needAt + 16, version30, flags: 0, next: 16);
        Aux(image, needAt + 32, version32, flags: alreadyWeak ? (ushort)2 : (ushort)0, next: 0);
        WeakFlagOffset = needAt + 32 + 4;

        Section(image, sectionTable + SectionHeaderSize, type: 3, stringsAt, strings.Length, link: 0, info: 0);
        Section(image, sectionTable + 2 * SectionHeaderSize, type: 0x6ffffffe, needAt, needSize, link: 1, info: 1);
        return image;
    }

    static void Aux(byte[] image, int at, int name, ushort flags, uint next)
    {
        U16(image, at + 4, flags);
        U32(image, at + 8, (uint)name);
        U32(image, at + 12, next);
    }

    static void Section(byte[] image, int at, uint type, int offset, int size, uint link, uint info)
    {
        U32(image, at + 4, type);
        U64(image, at + 0x18, (ulong)offset);
        U64(image, at + 0x20, (ulong)size);
        U32(image, at + 0x28, link);
        U32(image, at + 0x2C, info);
    }

    static int Align(int offset) => (offset + 7) & ~7;
    static void U16(byte[] image, int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(at), value);
    static void U32(byte[] image, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at), value);
    static void U64(byte[] image, int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(at), value);
}

using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>Sets VER_FLG_WEAK on one version requirement of an ELF64 little-endian shared library.</summary>
public sealed class MarkGlibcxxVersionWeak : Task
{
    [Required] public string Library { get; set; } = "";
    [Required] public string Version { get; set; } = "";

    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlagWeak = 0x2;

    public override bool Execute()
    {
        using var file = new FileStream(Library, FileMode.Open, FileAccess.ReadWrite);
        var elf = new BinaryReader(file);
        long sectionTable = ReadAt(file, elf, 0x28, r => r.ReadInt64());
        int entrySize = ReadAt(file, elf, 0x3A, r => (int)r.ReadUInt16());
        int sections = ReadAt(file, elf, 0x3C, r => (int)r.ReadUInt16());
        for (int i = 0; i < sections; i++)
        {
            long header = sectionTable + (long)i * entrySize;
            if (ReadAt(file, elf, header + 4, r => r.ReadUInt32()) != ShtGnuVerneed) continue;
            long offset = ReadAt(file, elf, header + 0x18, r => r.ReadInt64());
            int strings = ReadAt(file, elf, header + 0x28, r => r.ReadInt32());
            int needCount = ReadAt(file, elf, header + 0x2C, r => r.ReadInt32());
            long stringTable = ReadAt(file, elf, sectionTable + (long)strings * entrySize + 0x18, r => r.ReadInt64());
            return MarkIn(file, elf, offset, needCount, stringTable);
        }
        Log.LogError($"{Library}: no .gnu.version_r section");
        return false;
    }

    bool MarkIn(FileStream file, BinaryReader elf, long need, int needCount, long stringTable)
    {
        for (int n = 0; n < needCount; n++)
        {
            int auxCount = ReadAt(file, elf, need + 2, r => (int)r.ReadUInt16());
            long aux = need + ReadAt(file, elf, need + 8, r => r.ReadUInt32());
            for (int a = 0; a < auxCount; a++)
            {
                ushort flags = ReadAt(file, elf, aux + 4, r => r.ReadUInt16());
                uint name = ReadAt(file, elf, aux + 8, r => r.ReadUInt32());
                if (ReadString(file, elf, stringTable + name) == Version)
                {
                    if ((flags & VerFlagWeak) == 0)
                    {
                        file.Position = aux + 4;
                        new BinaryWriter(file).Write((ushort)(flags | VerFlagWeak));
                        Log.LogMessage(MessageImportance.High, $"{Path.GetFileName(Library)}: {Version} marked weak (Debian 12's libstdc++ lacks it)");
                    }
                    return true;
                }
                aux += ReadAt(file, elf, aux + 12, r => r.ReadUInt32());
            }
            need += ReadAt(file, elf, need + 12, r => r.ReadUInt32());
        }
        return true; // a build that no longer asks for the version needs no patch
    }

    static T ReadAt<T>(FileStream file, BinaryReader elf, long position, Func<BinaryReader, T> read)
    {
        file.Position = position;
        return read(elf);
    }

    static string ReadString(FileStream file, BinaryReader elf, long position)
    {
        file.Position = position;
        var text = new StringBuilder();
        for (byte b = elf.ReadByte(); b != 0; b = elf.ReadByte()) text.Append((char)b);
        return text.ToString();
    }
}

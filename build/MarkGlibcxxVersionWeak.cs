#nullable enable
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Writes the build's own copy of an ELF64 x86-64 shared library with one version requirement
/// marked weak (see TorchSharpOnDebian12.targets for why). The library itself, in the shared NuGet
/// folder, is only read. One file for the task and its logic, because RoslynCodeTaskFactory compiles
/// exactly one; tests link it. It is compiled against .NET Standard 2.0 (what the factory gives a
/// task): no spans, no File.Move with overwrite.
/// </summary>
public sealed class MarkGlibcxxVersionWeak : Microsoft.Build.Utilities.Task
{
    /// <summary>The library as the package has it: read, never written.</summary>
    [Required] public string Library { get; set; } = "";

    /// <summary>Where the copy goes (this project's intermediate folder).</summary>
    [Required] public string Destination { get; set; } = "";

    /// <summary>The version requirement to mark weak, e.g. GLIBCXX_3.4.32.</summary>
    [Required] public string Version { get; set; } = "";

    public override bool Execute()
    {
        byte[] image = File.ReadAllBytes(Library);
        string? refusal = ElfVersionNeeds.Refusal(image);
        if (refusal != null)
        {
            // Not the file this patch was written for: nothing is written, and the build uses the
            // library as it is.
            Log.LogMessage(MessageImportance.High, $"{Library}: {refusal}; not patched, used as it is");
            return true;
        }
        ElfVersionNeeds.Outcome outcome;
        try
        {
            outcome = ElfVersionNeeds.MarkWeak(image, Version);
        }
        catch (InvalidDataException e)
        {
            Log.LogError($"{Library}: {e.Message}; not patched");
            return false;
        }
        WriteNewFile(image, Destination);
        string name = Path.GetFileName(Library);
        Log.LogMessage(MessageImportance.Normal, outcome switch
        {
            ElfVersionNeeds.Outcome.Marked => $"{name}: {Version} marked weak in {Destination} (Debian 12's libstdc++ lacks it)",
            ElfVersionNeeds.Outcome.AlreadyWeak => $"{name}: {Version} already weak; copied to {Destination}",
            _ => $"{name}: asks for no {Version}; copied unchanged to {Destination}",
        });
        return true;
    }

    /// <summary>
    /// A temporary file renamed over the destination: always a new file, so an earlier hard link
    /// at that path (to the NuGet folder's file) is replaced, never written through.
    /// </summary>
    static void WriteNewFile(byte[] image, string destination)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temporary, image);
            File.Delete(destination); // unlinks: the file another name points at is left alone
            File.Move(temporary, destination);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

/// <summary>The ELF checks and the one-flag edit, on a library's bytes in memory.</summary>
internal static class ElfVersionNeeds
{
    public enum Outcome { Marked, AlreadyWeak, NotRequired }

    const ushort ElfClass64 = 2, LittleEndian = 1, MachineX8664 = 62;
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlagWeak = 0x2;

    /// <summary>Null for an ELF64 little-endian x86-64 file; otherwise why it is not one.</summary>
    public static string? Refusal(byte[] image)
    {
        if (image.Length < 0x40 || image[0] != 0x7F || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
            return "not an ELF file";
        if (image[4] != ElfClass64) return $"not a 64-bit ELF file (class {image[4]})";
        if (image[5] != LittleEndian) return $"not a little-endian ELF file (data {image[5]})";
        int machine = U16(image, 0x12);
        if (machine != MachineX8664) return $"an ELF file for machine {machine}, not x86-64 ({MachineX8664})";
        return null;
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on <paramref name="version"/>'s entry in .gnu.version_r. The caller checked
    /// <see cref="Refusal"/>; a structure that points outside the file throws InvalidDataException.
    /// </summary>
    public static Outcome MarkWeak(byte[] image, string version)
    {
        long sectionTable = (long)U64(image, 0x28);
        int entrySize = U16(image, 0x3A);
        int sections = U16(image, 0x3C);
        for (int i = 0; i < sections; i++)
        {
            long header = sectionTable + (long)i * entrySize;
            if (U32(image, header + 4) != ShtGnuVerneed) continue;
            long need = (long)U64(image, header + 0x18);
            long strings = sectionTable + (long)U32(image, header + 0x28) * entrySize;
            long stringTable = (long)U64(image, strings + 0x18);
            return MarkIn(image, need, (int)U32(image, header + 0x2C), stringTable, version);
        }
        throw new InvalidDataException("no .gnu.version_r section");
    }

    static Outcome MarkIn(byte[] image, long need, int needCount, long stringTable, string version)
    {
        for (int n = 0; n < needCount; n++)
        {
            int auxCount = U16(image, need + 2);
            long aux = need + U32(image, need + 8);
            for (int a = 0; a < auxCount; a++)
            {
                ushort flags = U16(image, aux + 4);
                if (Name(image, stringTable + U32(image, aux + 8)) == version)
                {
                    if ((flags & VerFlagWeak) != 0) return Outcome.AlreadyWeak;
                    image[At(image, aux + 4, 2)] = (byte)(flags | VerFlagWeak); // the flags' low byte
                    return Outcome.Marked;
                }
                aux += U32(image, aux + 12);
            }
            need += U32(image, need + 12);
        }
        return Outcome.NotRequired; // a build that no longer asks for the version needs no patch
    }

    static ushort U16(byte[] image, long at) => (ushort)Little(image, at, 2);
    static uint U32(byte[] image, long at) => (uint)Little(image, at, 4);
    static ulong U64(byte[] image, long at) => Little(image, at, 8);

    static ulong Little(byte[] image, long at, int length)
    {
        int start = At(image, at, length);
        ulong value = 0;
        for (int i = length - 1; i >= 0; i--) value = value << 8 | image[start + i];
        return value;
    }

    /// <summary>Where <paramref name="length"/> bytes at <paramref name="at"/> start, checked to lie inside the file.</summary>
    static int At(byte[] image, long at, int length)
    {
        if (at < 0 || at > image.Length - length) throw new InvalidDataException($"ELF structure points outside the file (offset {at})");
        return (int)at;
    }

    static string Name(byte[] image, long at)
    {
        var text = new StringBuilder();
        for (int i = At(image, at, 1); image[At(image, i, 1)] != 0; i++) text.Append((char)image[i]);
        return text.ToString();
    }
}

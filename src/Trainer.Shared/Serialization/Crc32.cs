namespace Trainer.Shared.Serialization;

/// <summary>
/// The zip format's CRC-32 (IEEE 802.3, reflected). .NET 10's zip reader does not check it (that
/// comes in .NET 11), and System.IO.Hashing is one more package for twenty lines; data.pkl is
/// checked so that a damaged pickle is reported as corrupt rather than misread.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = MakeTable();

    internal static uint Compute(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xffffffffu;
        foreach (var b in bytes) crc = Table[(crc ^ b) & 0xff] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] MakeTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}

using Trainer.Torch.Serialization;

namespace Trainer.Torch.Tests.Serialization;

public class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Compute_KnownInputs_MatchesZipCrc(string text, uint expected) =>
        Assert.Equal(expected, Crc32.Compute(System.Text.Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Compute_AllLengthsUpTo64_MatchesBitwiseReference()
    {
        var data = Enumerable.Range(0, 64).Select(i => (byte)(i * 37 + 11)).ToArray();
        for (var n = 0; n <= data.Length; n++)
            Assert.Equal(Bitwise(data.AsSpan(0, n)), Crc32.Compute(data.AsSpan(0, n)));
    }

    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c ^= b;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }
}

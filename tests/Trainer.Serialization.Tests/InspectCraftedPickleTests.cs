using static Trainer.Serialization.Tests.Archives;

namespace Trainer.Serialization.Tests;

/// <summary>
/// Hand-written pickles for what no honest torch.save writes: code-naming globals, pickles that
/// end early or hold themselves, tensors bigger than their storage. Opcodes are spelt as Latin-1
/// text after the protocol-2 header (\u escapes, since C#'s \x takes up to four hex digits).
/// </summary>
public class InspectCraftedPickleTests
{
    /// <summary>_rebuild_tensor_v2(storage('0', FloatStorage, numel 2), 0, SIZE, STRIDE, False, OrderedDict()).</summary>
    private static string Tensor(string size, string stride) =>
        "ctorch._utils\n_rebuild_tensor_v2\n((U\u0007storagectorch\nFloatStorage\nU\u00010U\u0003cpuK\u0002tQK\u0000"
        + size + stride + "\u0089ccollections\nOrderedDict\n)RtR";

    private static string Crafted(TempDir dir, string opcodes, params (string, byte[])[] more)
    {
        var path = dir.File("crafted.pt");
        WithPickle(path, Pickle(opcodes), more);
        return path;
    }

    [Fact]
    public void Inspect_HandMadeTensorThatFitsItsStorage_Lists()
    {
        using var dir = new TempDir();
        var path = Crafted(dir, "}U\u0001w" + Tensor("K\u0002\u0085", "K\u0001\u0085") + "s.", ("archive/data/0", new byte[8]));
        Assert.Equal(new[] { "w  [2]  torch.float32" }, Inspect.Listing(path));
    }

    [Fact]
    public void Inspect_TensorBiggerThanItsStorage_SaysWhatItNeeds()
    {
        using var dir = new TempDir();
        var path = Crafted(dir, "}U\u0001w" + Tensor("K\u0003\u0085", "K\u0001\u0085") + "s.", ("archive/data/0", new byte[8]));
        Inspect.Failure(path, "a tensor of shape [3] at offset 0 needs 3 elements, but storage '0' holds 2");
    }

    [Fact]
    public void Inspect_UnknownGlobal_NamesItAndRunsNothing()
    {
        using var dir = new TempDir();
        Inspect.Failure(Crafted(dir, "cos\nsystem\nU\u0004trueR."), "global 'os.system' is not allowed");
    }

    [Fact]
    public void Inspect_UnknownStackGlobal_NamesIt()
    {
        using var dir = new TempDir();
        Inspect.Failure(Crafted(dir, "\u008c\u0008builtins\u008c\u0004eval\u0093."), "global 'builtins.eval' is not allowed");
    }

    [Fact]
    public void Inspect_PickleWithoutStop_SaysTruncated()
    {
        using var dir = new TempDir();
        Inspect.Failure(Crafted(dir, "}U\u0001aK\u0001"), "pickle ends at byte 8 without a STOP opcode (truncated)");
    }

    [Fact]
    public void Inspect_StringLongerThanThePickle_SaysTruncated()
    {
        using var dir = new TempDir();
        Inspect.Failure(Crafted(dir, "X\u00ff\u00ff\u0000\u0000abc."), "needs 65535 more bytes but the pickle has 4 (truncated)");
    }

    [Fact]
    public void Inspect_ListThatHoldsItself_RefusedNotOverflowed()
    {
        using var dir = new TempDir();
        Inspect.Failure(Crafted(dir, "]q\u0000h\u0000a."), "containers nest deeper than 500 levels (or one contains itself)");
    }

    [Fact]
    public void Inspect_HundredThousandNestedLists_RefusedNotOverflowed()
    {
        using var dir = new TempDir();
        const int depth = 100_000;
        Inspect.Failure(Crafted(dir, new string(']', depth) + new string('a', depth - 1) + "."), "containers nest deeper than 500 levels");
    }

    [Fact]
    public void Inspect_ListSharedSixtyLevelsDeep_RefusedBeforePrinting()
    {
        // L(n+1) = [L(n), L(n)] sixty times over: 2^60 leaves from a 600-byte pickle.
        using var dir = new TempDir();
        var opcodes = "]q\u0000" + string.Concat(Enumerable.Repeat("](h\u0000h\u0000eq\u0000", 60)) + ".";
        Inspect.Failure(Crafted(dir, opcodes), "the listing would exceed 1000000 lines");
    }

    [Fact]
    public void Inspect_DictKeyNone_Refused()
    {
        using var dir = new TempDir();
        Inspect.Failure(Crafted(dir, "}NK\u0001s."), "dict key None is not supported");
    }

    [Fact]
    public void Inspect_InvalidUtf8_Refused()
    {
        using var dir = new TempDir();
        Inspect.Failure(Crafted(dir, "X\u0002\u0000\u0000\u0000\u00ff\u00fe."), "string is not valid UTF-8");
    }

    [Fact]
    public void Inspect_UnsupportedOpcode_NamesIt()
    {
        using var dir = new TempDir();
        Inspect.Failure(Crafted(dir, "\u0082\u0001."), "unsupported pickle opcode 0x82");
    }

    [Fact]
    public void Inspect_PersistentIdThatIsNotAStorage_Refused()
    {
        using var dir = new TempDir();
        Inspect.Failure(Crafted(dir, "NQ."), "persistent id None is not ('storage', type, key, location, numel)");
    }

    [Fact]
    public void Inspect_IntegersBeyond64BitsAndPlainValues_PrintAsPythonDoes()
    {
        using var dir = new TempDir();
        var twoTo64 = "\u008a\u0009" + new string('\u0000', 8) + "\u0001";
        var minusOne = "\u008a\u0001\u00ff";
        var path = Crafted(dir, "}(U\u0003bigq\u0000" + twoTo64 + "U\u0003negq\u0001" + minusOne
            + "U\u0005tupleK\u0001K\u0002\u0086U\u0001s)U\u0001e]U\u0001q\u0088U\u0005dtypectorch\nfloat32\nu.");
        Assert.Equal(new[]
        {
            "big      18446744073709551616",
            "neg      -1",
            "tuple.0  1",
            "tuple.1  2",
            "s        ()",
            "e        []",
            "q        True",
            "dtype    torch.float32",
        }, Inspect.Listing(path));
    }
}

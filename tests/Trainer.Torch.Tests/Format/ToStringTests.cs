namespace Trainer.Torch.Tests.Format;

/// <summary>ToString against the text PyTorch 1.13 prints for the same tensors.</summary>
public class ToStringTests
{
    /// <summary>Each case: a Python expression and the same tensor built here.</summary>
    private static readonly (string Python, Func<Tensor> Build)[] Cases =
    {
        ("torch.arange(4.).reshape(2, 2)", () => arange(4, ScalarType.Float32).reshape(2, 2)),
        ("torch.tensor([1, 2])", () => tensor(new long[] { 1, 2 })),
        ("torch.tensor([True, False])", () => tensor(new[] { true, false })),
        ("torch.tensor([1.5, 2.25], dtype=torch.float64)", () => tensor(new[] { 1.5, 2.25 })),
        ("torch.tensor([1e-5, 1.0])", () => tensor(new[] { 1e-5f, 1.0f })),
        ("torch.tensor([1e10, 1.])", () => tensor(new[] { 1e10f, 1f })),
        ("torch.tensor([123456.5, 1.])", () => tensor(new[] { 123456.5f, 1f })),
        ("torch.arange(2000.)", () => arange(2000, ScalarType.Float32)),
        ("torch.arange(2000).reshape(40, 50)", () => arange(2000).reshape(40, 50)),
        ("torch.arange(1200.).reshape(2, 3, 200) / 7", () => arange(1200, ScalarType.Float32).reshape(2, 3, 200) / 7),
        ("torch.arange(2400.).reshape(4, 3, 200)", () => arange(2400, ScalarType.Float32).reshape(4, 3, 200)),
        ("torch.arange(2400.).reshape(20, 10, 12)", () => arange(2400, ScalarType.Float32).reshape(20, 10, 12)),
        ("torch.tensor(3.5)", () => tensor(3.5f)),
        ("torch.tensor(7)", () => tensor(7L)),
        ("torch.zeros(0, 3)", () => zeros(0, 3)),
        ("torch.zeros(0, dtype=torch.int64)", () => zeros(new long[] { 0 }, ScalarType.Int64)),
        ("torch.ones(2, requires_grad=True)", () => ones(new long[] { 2 }, requires_grad: true)),
        ("torch.ones(2, requires_grad=True) * 2", () => ones(new long[] { 2 }, requires_grad: true) * 2),
        ("torch.tensor([float('nan'), float('inf'), 1.5])", () => tensor(new[] { float.NaN, float.PositiveInfinity, 1.5f })),
        ("torch.tensor([float('nan'), -float('inf'), 2.])", () => tensor(new[] { float.NaN, float.NegativeInfinity, 2f })),
        ("torch.arange(30.) / 7", () => arange(30, ScalarType.Float32) / 7),
        ("torch.tensor([0.1, -0.2])", () => tensor(new[] { 0.1f, -0.2f })),
        ("torch.tensor([1, 2], dtype=torch.int32)", () => tensor(new[] { 1, 2 })),
        ("torch.tensor([1, 200], dtype=torch.uint8)", () => tensor(new byte[] { 1, 200 })),
        ("torch.arange(100.).reshape(10, 10) * 1000", () => arange(100, ScalarType.Float32).reshape(10, 10) * 1000),
        ("torch.zeros(3)", () => zeros(3)),
        ("torch.zeros(2, 3, dtype=torch.float64)", () => zeros(new long[] { 2, 3 }, ScalarType.Float64)),
        ("torch.arange(12.).reshape(3, 4).exp()", () => arange(12, ScalarType.Float32).reshape(3, 4).exp()),
        ("-torch.arange(6.).reshape(3, 2).sqrt()", () => -arange(6, ScalarType.Float32).reshape(3, 2).sqrt()),
        ("torch.arange(24).reshape(2, 3, 4) - 5", () => arange(24).reshape(2, 3, 4) - 5),
        ("torch.arange(6.).reshape(1, 2, 3, 1)", () => arange(6, ScalarType.Float32).reshape(1, 2, 3, 1)),
        ("torch.arange(3.) > 1", () => arange(3, ScalarType.Float32) > 1),
        ("torch.tensor([1e-10, 5e-12], dtype=torch.float64)", () => tensor(new[] { 1e-10, 5e-12 })),
        ("torch.tensor([1.0, 2.0], requires_grad=True).sum()", () => tensor(new[] { 1f, 2f }, requires_grad: true).sum()),
    };

    [Fact]
    public void ToString_ManyTensors_MatchesPyTorchRepr()
    {
        const string separator = "\n=====\n";
        var script = "import torch\nfor e in [" + string.Join(", ", Cases.Select(c => "lambda: " + c.Python)) + "]:\n"
                     + $"    print(repr(e()), end={Py(separator)})\n";
        var expected = PyTorchPeer.Run(script).Split(separator)[..Cases.Length];
        using var scope = NewDisposeScope();
        for (var i = 0; i < Cases.Length; i++)
            Assert.True(expected[i] == Cases[i].Build().ToString(),
                $"case {Cases[i].Python}:\n--- PyTorch ---\n{expected[i]}\n--- ours ---\n{Cases[i].Build()}");
    }

    [Fact]
    public void ToString_Parameter_SaysParameterContaining()
    {
        using var p = new Parameter(zeros(2));
        Assert.Equal("Parameter containing:\ntensor([0., 0.], requires_grad=True)", p.ToString());
    }

    [Fact]
    public void ToString_BookExample_ArangeTwelveReshaped()
    {
        using var scope = NewDisposeScope();
        Assert.Equal("tensor([[ 0,  1,  2,  3],\n        [ 4,  5,  6,  7],\n        [ 8,  9, 10, 11]])",
            arange(12).reshape(3, 4).ToString());
    }

    private static string Py(string s) => "'" + s.Replace("\n", "\\n") + "'";
}

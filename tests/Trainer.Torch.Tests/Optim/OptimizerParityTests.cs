using System.Text.Json;
using Trainer.Torch.Optim;

namespace Trainer.Torch.Tests.Optim;

/// <summary>
/// Five steps from identical weights with identical gradients give the same weights and
/// state as PyTorch 1.13's optimizers. The gradient depends on the weights (g = a * w + c),
/// so every step sees a different gradient, as in training.
/// </summary>
public class OptimizerParityTests
{
    private const int Steps = 5;

    /// <summary>The same procedure in PyTorch; argv[1] is the optimizer's constructor call.</summary>
    private const string Script = """
        import json, math, sys, torch
        torch.set_num_threads(1)
        def values(n, k, scale):
            return torch.tensor([math.sin(0.37 * i + k) * scale for i in range(n)], dtype=torch.float32)
        shapes = [(3, 4), (5,)]
        params = [torch.nn.Parameter(values(3 * 4 if len(s) == 2 else s[0], j, 0.5).reshape(s)) for j, s in enumerate(shapes)]
        a = [values(p.numel(), 10 + j, 1.5).reshape(p.shape) for j, p in enumerate(params)]
        c = [values(p.numel(), 20 + j, 0.25).reshape(p.shape) for j, p in enumerate(params)]
        opt = eval("torch.optim." + sys.argv[1])
        for _ in range(int(sys.argv[2])):
            opt.zero_grad()
            for p, aj, cj in zip(params, a, c):
                p.grad = p.detach() * aj + cj
            opt.step()
        sd = opt.state_dict()
        state = {str(k): {name: (v.reshape(-1).tolist() if v is not None else None) for name, v in s.items()} for k, s in sd['state'].items()}
        print(json.dumps({"params": [p.detach().reshape(-1).tolist() for p in params], "state": state}))
        """;

    private static Tensor Values(int n, int k, double scale, long[] shape) =>
        tensor(Enumerable.Range(0, n).Select(i => (float)(Math.Sin(0.37 * i + k) * scale)).ToArray(), shape);

    private static (List<Parameter> Params, Tensor[] A, Tensor[] C) Problem()
    {
        var shapes = new[] { new long[] { 3, 4 }, new long[] { 5 } };
        var ps = new List<Parameter>();
        var a = new Tensor[2];
        var c = new Tensor[2];
        for (var j = 0; j < 2; j++)
        {
            var n = (int)shapes[j].Aggregate(1L, (x, y) => x * y);
            using var w = Values(n, j, 0.5, shapes[j]);
            ps.Add(new Parameter(w));
            a[j] = Values(n, 10 + j, 1.5, shapes[j]);
            c[j] = Values(n, 20 + j, 0.25, shapes[j]);
        }
        return (ps, a, c);
    }

    internal static void Train(Optimizer opt, List<Parameter> ps, Tensor[] a, Tensor[] c, int steps)
    {
        for (var s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            for (var j = 0; j < ps.Count; j++)
                ps[j].grad = ps[j].detach() * a[j] + c[j];
            opt.step();
        }
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6, $"{what}[{i}]: PyTorch {expected[i]:R}, ours {actual[i]:R}");
    }

    private static void AssertMatchesPyTorch(string pythonCall, Func<List<Parameter>, Optimizer> make)
    {
        var (ps, a, c) = Problem();
        using var opt = make(ps);
        Train(opt, ps, a, c, Steps);

        var expected = PythonPeer.Run(Script, pythonCall, Steps.ToString());
        var expectedParams = expected.GetProperty("params").EnumerateArray().ToArray();
        for (var j = 0; j < ps.Count; j++)
            AssertClose(PythonPeer.Floats(expectedParams[j]), ps[j].detach().ToArray<float>(), $"param {j}");

        using var scope = NewDisposeScope();
        var ourState = (Dictionary<object, object?>)opt.state_dict()["state"]!;
        var theirState = expected.GetProperty("state");
        Assert.All(theirState.EnumerateObject(), e => Assert.True(ourState.ContainsKey(long.Parse(e.Name)), $"PyTorch keeps state {e.Name}, we don't"));
        foreach (var (key, value) in ourState)
        {
            var ours = (Dictionary<object, object?>)value!;
            if (!theirState.TryGetProperty(key.ToString()!, out var theirs))
            {
                // PyTorch 2.x keeps no entry for a parameter with nothing to remember (SGD without
                // momentum); 1.13, our reference, keeps momentum_buffer: None. Both agree it is empty.
                Assert.All(ours.Values, Assert.Null);
                continue;
            }
            Assert.Equal(theirs.EnumerateObject().Select(x => x.Name).Order(), ours.Keys.Cast<string>().Order());
            foreach (var slot in theirs.EnumerateObject())
            {
                if (slot.Value.ValueKind == JsonValueKind.Null) { Assert.Null(ours[slot.Name]); continue; }
                var t = (Tensor)ours[slot.Name]!;
                AssertClose(PythonPeer.Floats(slot.Value), t.reshape_flat(), $"state {key}.{slot.Name}");
            }
        }
    }

    [Fact]
    public void SGD_Plain_MatchesPyTorch() =>
        AssertMatchesPyTorch("SGD(params, lr=0.1)", ps => torch.optim.SGD(ps, lr: 0.1));

    [Fact]
    public void SGD_Momentum_MatchesPyTorch() =>
        AssertMatchesPyTorch("SGD(params, lr=0.05, momentum=0.9, dampening=0.1)", ps => torch.optim.SGD(ps, lr: 0.05, momentum: 0.9, dampening: 0.1));

    [Fact]
    public void SGD_Nesterov_MatchesPyTorch() =>
        AssertMatchesPyTorch("SGD(params, lr=0.05, momentum=0.8, nesterov=True)", ps => torch.optim.SGD(ps, lr: 0.05, momentum: 0.8, nesterov: true));

    [Fact]
    public void SGD_WeightDecay_MatchesPyTorch() =>
        AssertMatchesPyTorch("SGD(params, lr=0.1, momentum=0.5, weight_decay=0.01)", ps => torch.optim.SGD(ps, lr: 0.1, momentum: 0.5, weight_decay: 0.01));

    [Fact]
    public void SGD_ParamGroups_MatchPyTorch() =>
        AssertMatchesPyTorch("SGD([{'params': params[:1]}, {'params': params[1:], 'lr': 0.01, 'momentum': 0.3}], lr=0.1)",
            ps => torch.optim.SGD(new[] { new ParamGroup(ps.Take(1)), new ParamGroup(ps.Skip(1), new Dictionary<string, object?> { ["lr"] = 0.01, ["momentum"] = 0.3 }) }, lr: 0.1));

    [Fact]
    public void Adam_Default_MatchesPyTorch() =>
        AssertMatchesPyTorch("Adam(params, lr=0.01)", ps => torch.optim.Adam(ps, lr: 0.01));

    [Fact]
    public void Adam_BetasEpsWeightDecay_MatchesPyTorch() =>
        AssertMatchesPyTorch("Adam(params, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05)",
            ps => torch.optim.Adam(ps, lr: 0.02, betas: (0.8, 0.99), eps: 1e-6, weight_decay: 0.05));

    [Fact]
    public void Adam_Amsgrad_MatchesPyTorch() =>
        AssertMatchesPyTorch("Adam(params, lr=0.01, amsgrad=True)", ps => torch.optim.Adam(ps, lr: 0.01, amsgrad: true));
}

internal static class TensorTestExtensions
{
    /// <summary>All elements, row-major, as floats (the state's step is a 0-d tensor).</summary>
    internal static float[] reshape_flat(this Tensor t) => t.ToArray<float>();
}

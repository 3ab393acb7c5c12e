using Trainer.Torch.Optim;

namespace Trainer.Torch.Tests.Optim;

/// <summary>An optimizer state_dict written with torch.save is resumed by PyTorch, and PyTorch's is resumed by ours.</summary>
public class OptimizerSaveLoadTests
{
    private const string Script = """
        import json, sys, torch
        torch.set_num_threads(1)
        folder, kind = sys.argv[1], sys.argv[2]
        params = [torch.nn.Parameter(t) for t in torch.load(folder + "/params.pt")]
        grads = torch.load(folder + "/grads.pt")
        opt = torch.optim.SGD(params, lr=0.01) if kind == "sgd" else torch.optim.Adam(params)
        opt.load_state_dict(torch.load(folder + "/ours.pt"))
        for p, (a, c) in zip(params, grads):
            p.grad = p.detach() * a + c
        opt.step()
        torch.save(opt.state_dict(), folder + "/theirs.pt")
        print(json.dumps({"params": [p.detach().reshape(-1).tolist() for p in params],
                          "lr": opt.param_groups[0]["lr"]}))
        """;

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void StateDict_SavedForPyTorch_ResumesIdenticallyBothWays(string kind)
    {
        var dir = Directory.CreateTempSubdirectory("trainer-optim-").FullName;
        using var w = tensor(new[] { 0.5f, -1f, 2f, 0.25f, 3f, -0.75f }, new long[] { 2, 3 });
        using var b = tensor(new[] { 0.1f, -0.2f });
        var ps = new List<Parameter> { new(w), new(b) };
        var a = new[] { full(new long[] { 2, 3 }, 0.3), full(new long[] { 2 }, -0.6) };
        var c = new[] { full(new long[] { 2, 3 }, 0.05), full(new long[] { 2 }, 0.2) };
        Optimizer Make(IEnumerable<Parameter> p) => kind == "sgd"
            ? torch.optim.SGD(p, lr: 0.2, momentum: 0.9, nesterov: true)
            : torch.optim.Adam(p, lr: 0.05, betas: (0.8, 0.9), amsgrad: true);

        using var opt = Make(ps);
        OptimizerParityTests.Train(opt, ps, a, c, 3);
        using (var scope = NewDisposeScope())
        {
            torch.save(opt.state_dict(), Path.Combine(dir, "ours.pt"));
            torch.save(ps.Select(p => (object?)p.detach()).ToList(), Path.Combine(dir, "params.pt"));
            torch.save(Enumerable.Range(0, 2).Select(j => (object?)new object?[] { a[j], c[j] }).ToList(), Path.Combine(dir, "grads.pt"));
        }

        var theirs = PythonPeer.Run(Script, dir, kind);
        // PyTorch took its hyper-parameters from our file, not from its constructor.
        Assert.Equal(kind == "sgd" ? 0.2 : 0.05, theirs.GetProperty("lr").GetDouble());

        // Our fresh optimizer resumes from our saved state; it must land where PyTorch did.
        var again = ps.Select(p => { using var d = p.detach(); return new Parameter(d.clone()); }).ToList();
        using var resumed = Make(again);
        using (var scope = NewDisposeScope())
            resumed.load_state_dict((Dictionary<object, object?>)torch.load(Path.Combine(dir, "ours.pt"))!);
        OptimizerParityTests.Train(resumed, again, a, c, 1);
        OptimizerParityTests.Train(opt, ps, a, c, 1);
        var expected = theirs.GetProperty("params").EnumerateArray().ToArray();
        for (var j = 0; j < ps.Count; j++)
        {
            var pyTorch = PythonPeer.Floats(expected[j]);
            var ours = ps[j].detach().ToArray<float>();
            Assert.Equal(ours, again[j].detach().ToArray<float>());
            for (var i = 0; i < ours.Length; i++) Assert.True(Math.Abs(pyTorch[i] - ours[i]) <= 1e-6, $"param {j}[{i}]: {pyTorch[i]} vs {ours[i]}");
        }

        // PyTorch's own state_dict (tuples, 0-d step tensors, OrderedDict-free dicts) loads into ours.
        using var fromPyTorch = Make(again);
        using (var scope = NewDisposeScope())
            fromPyTorch.load_state_dict((Dictionary<object, object?>)torch.load(Path.Combine(dir, "theirs.pt"))!);
        using (var scope = NewDisposeScope())
        {
            var state = (Dictionary<object, object?>)fromPyTorch.state_dict()["state"]!;
            Assert.Equal(2, state.Count);
            if (kind == "adam")
                Assert.Equal(4f, ((Tensor)((Dictionary<object, object?>)state[0L]!)["step"]!).item<float>());
        }
        foreach (var t in a.Concat(c).Concat(ps).Concat(again)) t.Dispose();
        Directory.Delete(dir, true);
    }
}

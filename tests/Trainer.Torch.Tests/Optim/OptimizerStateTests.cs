using Trainer.Torch.Optim;

namespace Trainer.Torch.Tests.Optim;

public class OptimizerStateTests
{
    private static List<Parameter> Params(float start)
    {
        using var w = tensor(new[] { start, start + 1, start + 2, start + 3 }, new long[] { 2, 2 });
        using var b = tensor(new[] { -start, start * 2 });
        return new List<Parameter> { new(w), new(b) };
    }

    private static void SetGrads(List<Parameter> ps)
    {
        using var scope = NewDisposeScope();
        foreach (var p in ps) p.grad = p.detach() * 0.5 + 0.25;
    }

    [Fact]
    public void StateDict_SGDMomentum_HasPyTorchLayout()
    {
        var ps = Params(1);
        using var opt = torch.optim.SGD(ps, lr: 0.1, momentum: 0.9);
        SetGrads(ps);
        opt.step();
        using var scope = NewDisposeScope();
        var sd = opt.state_dict();
        var groups = (List<object?>)sd["param_groups"]!;
        var g = (Dictionary<object, object?>)groups.Single()!;
        Assert.Equal(0.1, g["lr"]);
        Assert.Equal(0.9, g["momentum"]);
        Assert.Equal(false, g["nesterov"]);
        Assert.Equal(new List<object?> { 0L, 1L }, g["params"]);
        var state = (Dictionary<object, object?>)sd["state"]!;
        Assert.Equal(new object[] { 0L, 1L }, state.Keys.ToArray());
        var buf = (Tensor)((Dictionary<object, object?>)state[0L]!)["momentum_buffer"]!;
        // The first buffer is the gradient itself: 0.5 * w + 0.25.
        Assert.Equal(new[] { 0.75f, 1.25f, 1.75f, 2.25f }, buf.ToArray<float>());
    }

    [Fact]
    public void StateDict_SGDWithoutMomentum_ListsNoneBuffers()
    {
        var ps = Params(1);
        using var opt = torch.optim.SGD(ps, lr: 0.1);
        Assert.Empty((Dictionary<object, object?>)opt.state_dict()["state"]!);
        SetGrads(ps);
        opt.step();
        var state = (Dictionary<object, object?>)opt.state_dict()["state"]!;
        Assert.Null(((Dictionary<object, object?>)state[1L]!)["momentum_buffer"]);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void LoadStateDict_IntoFreshOptimizer_NextStepIdentical(string kind)
    {
        Optimizer Make(List<Parameter> ps) => kind == "sgd"
            ? torch.optim.SGD(ps, lr: 0.1, momentum: 0.9, nesterov: true)
            : torch.optim.Adam(ps, lr: 0.01, amsgrad: true);

        var first = Params(1);
        using var original = Make(first);
        for (var i = 0; i < 3; i++) { original.zero_grad(); SetGrads(first); original.step(); }

        // A second copy of the weights with a fresh optimizer that loads the first one's state.
        var second = first.Select(p => { using var d = p.detach(); return new Parameter(d.clone()); }).ToList();
        using var restored = Make(second);
        using (var scope = NewDisposeScope()) restored.load_state_dict(original.state_dict());

        original.zero_grad(); SetGrads(first); original.step();
        restored.zero_grad(); SetGrads(second); restored.step();
        for (var j = 0; j < first.Count; j++)
            Assert.Equal(first[j].detach().ToArray<float>(), second[j].detach().ToArray<float>());
    }

    [Fact]
    public void LoadStateDict_RestoresHyperParametersAndCopiesTensors()
    {
        var ps = Params(2);
        using var source = torch.optim.SGD(ps, lr: 0.3, momentum: 0.5);
        SetGrads(ps);
        source.step();
        var sd = source.state_dict();
        using var target = torch.optim.SGD(Params(2), lr: 0.01);
        target.load_state_dict(sd);
        Assert.Equal(0.3, target.param_groups[0].lr);
        Assert.Equal(0.5, target.param_groups[0]["momentum"]);
        // Disposing the caller's dict must not free the optimizer's copy.
        foreach (var s in ((Dictionary<object, object?>)sd["state"]!).Values)
            foreach (var t in ((Dictionary<object, object?>)s!).Values.OfType<Tensor>()) t.Dispose();
        var buf = (Tensor)((Dictionary<object, object?>)((Dictionary<object, object?>)target.state_dict()["state"]!)[0L]!)["momentum_buffer"]!;
        Assert.Equal(4, buf.numel());
    }

    [Fact]
    public void LoadStateDict_GroupSizeMismatch_ThrowsAndKeepsState()
    {
        using var small = torch.optim.SGD(Params(1).Take(1), lr: 0.1);
        using var big = torch.optim.SGD(Params(1), lr: 0.2);
        var e = Assert.Throws<ArgumentException>(() => big.load_state_dict(small.state_dict()));
        Assert.Contains("doesn't match the size", e.Message);
        Assert.Equal(0.2, big.param_groups[0].lr);
    }

    [Fact]
    public void ZeroGrad_Default_ZeroesInPlace_SetToNone_Clears()
    {
        var ps = Params(1);
        using var opt = torch.optim.SGD(ps, lr: 0.1);
        SetGrads(ps);
        opt.zero_grad();
        using (var g = ps[0].grad) Assert.Equal(new float[4], g!.ToArray<float>());
        opt.zero_grad(set_to_none: true);
        Assert.Null(ps[0].grad);
    }

    [Fact]
    public void Step_ParameterWithoutGrad_IsSkipped()
    {
        var ps = Params(1);
        using var opt = torch.optim.SGD(ps, lr: 0.1, momentum: 0.9);
        opt.step();
        Assert.Equal(new[] { 1f, 2, 3, 4 }, ps[0].detach().ToArray<float>());
        Assert.Empty((Dictionary<object, object?>)opt.state_dict()["state"]!);
    }

    [Fact]
    public void Step_WithBackward_UsesAutogradGradients()
    {
        var ps = Params(1);
        using var opt = torch.optim.SGD(ps.Skip(1), lr: 0.5);
        using (var scope = NewDisposeScope())
        {
            var loss = (ps[1] * ps[1]).matmul(ones(2)); // d/db sum(b^2) = 2b
            loss.backward();
        }
        opt.step(); // b - 0.5 * 2b = 0
        Assert.Equal(new float[2], ps[1].detach().ToArray<float>());
    }

    [Theory]
    [InlineData(-0.1, 0, 0, false, "Invalid learning rate")]
    [InlineData(0.1, -1, 0, false, "Invalid momentum value")]
    [InlineData(0.1, 0, -1, false, "Invalid weight_decay value")]
    [InlineData(0.1, 0, 0, true, "Nesterov momentum requires")]
    public void SGD_BadHyperParameters_ThrowNamingThem(double lr, double momentum, double wd, bool nesterov, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => torch.optim.SGD(Params(1), lr, momentum, weight_decay: wd, nesterov: nesterov));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Adam_BadBeta_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => torch.optim.Adam(Params(1), betas: (0.9, 1.0)));
        Assert.Contains("Invalid beta parameter at index 1", e.Message);
    }

    [Fact]
    public void Constructor_SameParameterTwice_Throws()
    {
        var ps = Params(1);
        var e = Assert.Throws<ArgumentException>(() => torch.optim.SGD(new[] { ps[0], ps[1], ps[0] }, lr: 0.1));
        Assert.Contains("more than once", e.Message);
        Assert.Throws<ArgumentException>(() => torch.optim.SGD(Array.Empty<Parameter>(), lr: 0.1));
    }
}

[Collection(NativeState.Name)]
public class OptimizerLifetimeTests
{
    [Fact]
    public void TrainingStep_InScope_LeavesNoTensorsBehind()
    {
        using var w = ones(3, 3);
        var p = new Parameter(w);
        using var opt = torch.optim.Adam(new[] { p }, lr: 0.1);
        void Step()
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            p.grad = p.detach() * 2.0;
            opt.step();
            using var sd = NewDisposeScope();
            opt.state_dict();
        }
        Step(); // creates the optimizer's state once
        var before = Tensor.LiveCount;
        for (var i = 0; i < 3; i++) Step();
        Assert.Equal(before, Tensor.LiveCount);
        opt.Dispose();
        p.Dispose();
    }
}

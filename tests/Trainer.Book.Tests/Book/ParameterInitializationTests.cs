using Trainer.Book.Tests.Support;

namespace Trainer.Book.Tests.Book;

/// <summary>d2l 5.2.2, initialization: built-in initializers through apply, my_init, direct writes.</summary>
[Collection(NativeState.Name)]
public class ParameterInitializationTests
{
    private static Sequential Net() => Sequential(Linear(4, 8), ReLU(), Linear(8, 1));

    private static Linear At(Sequential net, int i) => (Linear)net[i];

    [Fact]
    public void Apply_InitNormal_WeightsSmallBiasZero()
    {
        using var scope = NewDisposeScope();
        using var net = Net();
        net.apply(m =>
        {
            if (m is Linear l) { init.normal_(l.weight, mean: 0, std: 0.01); init.zeros_(l.bias!); }
        });
        var w = Close.Values(At(net, 0).weight);
        Assert.All(w, v => Assert.InRange(v, -0.06f, 0.06f));
        Assert.Contains(w, v => v != 0);
        Assert.All(Close.Values(At(net, 0).bias!), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Apply_InitConstant_WeightsOneBiasZeroStillTrainable()
    {
        using var scope = NewDisposeScope();
        using var net = Net();
        net.apply(m =>
        {
            if (m is Linear l) { init.constant_(l.weight, 1); init.zeros_(l.bias!); }
        });
        Assert.Equal(new float[] { 1, 1, 1, 1 }, Close.Values(At(net, 0).weight[0]));
        Assert.Equal(0f, At(net, 0).bias![0].item<float>());
        Assert.True(At(net, 0).weight.requires_grad);
    }

    [Fact]
    public void Apply_XavierOnNet0And42OnNet2_AsTheNotesPrint()
    {
        using var scope = NewDisposeScope();
        using var net = Net();
        At(net, 0).apply(m => { if (m is Linear l) init.xavier_uniform_(l.weight); });
        At(net, 2).apply(m => { if (m is Linear l) init.constant_(l.weight, 42); });
        var bound = (float)Math.Sqrt(6.0 / (4 + 8));
        Assert.All(Close.Values(At(net, 0).weight), v => Assert.InRange(v, -bound, bound));
        Assert.Equal(Enumerable.Repeat(42f, 8), Close.Values(At(net, 2).weight));
    }

    [Fact]
    public void Init_XavierNormalUniformSeeded_EqualPyTorch()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var a = init.xavier_uniform_(empty(5, 4));
        var b = init.normal_(empty(3), 0, 0.01);
        var c = init.uniform_(empty(2, 4), -10, 10);
        var ours = new[] { a, b, c }.SelectMany(Close.Values).ToArray();
        var theirs = PyTorchPeer.Floats("torch.manual_seed(3)\n" +
            "a = nn.init.xavier_uniform_(torch.empty(5, 4))\nb = nn.init.normal_(torch.empty(3), 0, 0.01)\n" +
            "c = nn.init.uniform_(torch.empty(2, 4), -10, 10)\n" +
            "print(json.dumps([v for t in (a, b, c) for v in t.flatten().tolist()]))");
        Close.Equal(theirs, ours, 1e-6f);
    }

    [Fact]
    public void Linear_DefaultInitSeeded_EqualsPyTorch()
    {
        manual_seed(0);
        using var net = Net();
        var ours = net.parameters().SelectMany(Close.Values).ToArray();
        var theirs = PyTorchPeer.Floats("torch.manual_seed(0)\nnet = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))\n" +
            "print(json.dumps([v for p in net.parameters() for v in p.detach().flatten().tolist()]))");
        Close.Equal(theirs, ours, 1e-6f);
    }

    [Fact]
    public void MyInit_UniformThenMask_ZeroOrAtLeastFiveInMagnitude()
    {
        using var scope = NewDisposeScope();
        using var net = Net();
        var printed = new List<string>();
        net.apply(m =>
        {
            if (m is not Linear l) return;
            var (name, param) = l.named_parameters().First();
            printed.Add($"Init {name} [{string.Join(", ", param.shape)}]");
            init.uniform_(l.weight, -10, 10);
            using (no_grad()) l.weight.mul_(l.weight.abs() >= 5);
        });
        Assert.Equal(new[] { "Init weight [8, 4]", "Init weight [1, 8]" }, printed);
        Assert.All(Close.Values(At(net, 0).weight), v => Assert.True(v == 0 || Math.Abs(v) >= 5));
        Assert.Equal(new long[] { 2, 4 }, At(net, 0).weight[..2].shape);
    }

    [Fact]
    public void WeightData_AddOneThenSet42_AsTheBook()
    {
        using var scope = NewDisposeScope();
        using var net = Net();
        var w = At(net, 0).weight;
        init.zeros_(w);
        var data = w.detach(); // the book's .data: same storage, no autograd
        data[..] += 1;
        data[0, 0] = 42;
        Assert.Equal(new float[] { 42, 1, 1, 1 }, Close.Values(w[0]));
        Assert.All(Close.Values(w).Skip(1), v => Assert.Equal(1f, v));
        Assert.True(w.requires_grad);
        Assert.True(w.is_leaf);
    }
}

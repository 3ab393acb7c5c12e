using static Trainer.Torch.torch.nn;

namespace Trainer.Torch.Tests.NN;

/// <summary>Values and gradients against PyTorch 1.13 run on the same numbers.</summary>
[Collection(NativeState.Name)]
public class ParityTests
{
    [Fact]
    public void Linear_DefaultInitSeeded_EqualsPyTorchValueForValue()
    {
        manual_seed(0);
        using var net = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
        var ours = net.parameters().SelectMany(p => p.ToArray<float>()).ToArray();
        var theirs = PyTorch.Floats("torch.manual_seed(0)\nnet = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))\nprint(json.dumps([v for p in net.parameters() for v in p.detach().flatten().tolist()]))");
        Close.Equal(theirs, ours, 1e-7f);
    }

    [Fact]
    public void Init_XavierKaimingNormalSeeded_EqualPyTorch()
    {
        manual_seed(3);
        using var scope = NewDisposeScope();
        var a = init.xavier_uniform_(empty(5, 4));
        var b = init.xavier_normal_(empty(5, 4), gain: 2);
        var c = init.kaiming_uniform_(empty(3, 6), nonlinearity: "relu");
        var d = init.normal_(empty(3), 0, 0.01);
        var ours = new[] { a, b, c, d }.SelectMany(t => t.ToArray<float>()).ToArray();
        var theirs = PyTorch.Floats("torch.manual_seed(3)\n" +
            "a = nn.init.xavier_uniform_(torch.empty(5, 4))\nb = nn.init.xavier_normal_(torch.empty(5, 4), gain=2)\n" +
            "c = nn.init.kaiming_uniform_(torch.empty(3, 6), nonlinearity='relu')\nd = nn.init.normal_(torch.empty(3), 0, 0.01)\n" +
            "print(json.dumps([v for t in (a, b, c, d) for v in t.flatten().tolist()]))");
        Close.Equal(theirs, ours, 1e-6f);
    }

    [Theory]
    [InlineData("mean")]
    [InlineData("sum")]
    [InlineData("none")]
    public void CrossEntropyLoss_Reductions_ValuesAndGradientsEqualPyTorch(string reduction)
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 0.2f, -1.3f, 2.0f, 0.5f, 0.0f, 1.5f, -0.7f, 0.9f, 3.1f, -2.2f, 0.4f, 1.0f }, new long[] { 3, 4 }, requires_grad: true);
        var target = tensor(new long[] { 2, 0, 3 });
        var loss = new CrossEntropyLoss(reduction).call(logits, target);
        var seed = reduction == "none" ? tensor(new float[] { 1, 2, 3 }) : null;
        loss.backward(seed);
        var theirs = PyTorch.Floats(
            $"x = {PyTorch.Literal(logits.detach())}.requires_grad_()\n" +
            $"l = nn.CrossEntropyLoss(reduction='{reduction}')(x, torch.tensor([2, 0, 3]))\n" +
            (reduction == "none" ? "l.backward(torch.tensor([1., 2., 3.]))\n" : "l.backward()\n") +
            "print(json.dumps(l.detach().flatten().tolist() + x.grad.flatten().tolist()))");
        Close.Equal(theirs, loss.detach().ToArray<float>().Concat(logits.grad!.ToArray<float>()).ToArray());
    }

    [Fact]
    public void CrossEntropy_FloatTargets_ThrowsNamingDtype()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => functional.cross_entropy(ones(2, 3), zeros(2)));
        Assert.Contains("int64", e.Message);
        Assert.Throws<ArgumentException>(() => new CrossEntropyLoss("avg"));
    }

    [Theory]
    [InlineData("mean")]
    [InlineData("sum")]
    public void MSELoss_ValuesAndGradientsEqualPyTorch(string reduction)
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 0.5f, -1f, 2f, 3f, 0.25f, -0.75f }, new long[] { 2, 3 }, requires_grad: true);
        var y = tensor(new float[] { 1f, 1f, 1f, 0f, 0f, 0f }, new long[] { 2, 3 });
        var loss = new MSELoss(reduction).call(x, y);
        loss.backward();
        var theirs = PyTorch.Floats(
            $"x = {PyTorch.Literal(x.detach())}.requires_grad_()\n" +
            $"l = nn.MSELoss(reduction='{reduction}')(x, {PyTorch.Literal(y)})\nl.backward()\n" +
            "print(json.dumps([l.item()] + x.grad.flatten().tolist()))");
        Close.Equal(theirs, new[] { loss.item<float>() }.Concat(x.grad!.ToArray<float>()).ToArray());
    }

    [Fact]
    public void Softmax_LogSoftmax_EqualPyTorch()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2, 3, -1, 0, 4 }, new long[] { 2, 3 });
        var ours = functional.softmax(x, 1).ToArray<float>().Concat(functional.log_softmax(x, 0).ToArray<float>()).ToArray();
        var theirs = PyTorch.Floats($"x = {PyTorch.Literal(x)}\nprint(json.dumps(F.softmax(x, 1).flatten().tolist() + F.log_softmax(x, 0).flatten().tolist()))");
        Close.Equal(theirs, ours);
    }

    [Fact]
    public void Dropout_TrainAndEval_ZeroesAndScalesOrPassesThrough()
    {
        using var scope = NewDisposeScope();
        var d = new Dropout(0.5);
        var y = d.call(ones(1000)).ToArray<float>();
        Assert.All(y, v => Assert.True(v == 0 || v == 2));
        Assert.InRange(y.Count(v => v == 0), 350, 650);
        d.eval();
        Assert.All(d.call(ones(10)).ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
    }

    [Fact]
    public void Flatten_ImageBatch_KeepsBatchDim()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new long[] { 2, 12 }, new Flatten().call(zeros(2, 3, 4)).shape);
        Assert.Equal(new long[] { 2, 3, 4 }, new Identity().call(zeros(2, 3, 4)).shape);
    }

    [Fact]
    public void Linear_WrongInputWidth_ThrowsTorchException()
    {
        using var scope = NewDisposeScope();
        using var l = new Linear(4, 2);
        Assert.Throws<TorchException>(() => l.call(ones(3, 5)));
    }
}

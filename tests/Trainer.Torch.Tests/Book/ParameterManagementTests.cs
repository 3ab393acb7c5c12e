using Trainer.Torch.Tests.NN;
using static Trainer.Torch.torch.nn;

namespace Trainer.Torch.Tests.Book;

/// <summary>Book ch. 5.2, parameter management: access, nested rgnet, initializers, tied parameters.</summary>
[Collection(NativeState.Name)]
public class ParameterManagementTests
{
    private static Sequential block1() => new(new Linear(4, 8), new ReLU(), new Linear(8, 4), new ReLU());

    private static Sequential block2()
    {
        var net = new Sequential();
        for (var i = 0; i < 4; i++) net.add_module($"block {i}", block1());
        return net;
    }

    private const string PyBlocks =
        "def block1():\n    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU())\n" +
        "def block2():\n    net = nn.Sequential()\n    for i in range(4):\n        net.add_module(f'block {i}', block1())\n    return net\n";

    [Fact]
    public void StateDict_OfOutputLayer_HasWeightAndBias()
    {
        using var net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
        var sd = net[2].state_dict();
        Assert.Equal(new[] { "weight", "bias" }, sd.Keys);
        Assert.Equal(new long[] { 1, 8 }, sd["weight"].shape);
        var bias = ((Linear)net[2]).bias!;
        Assert.IsType<Parameter>(bias);
        Assert.Equal(new long[] { 1 }, bias.data.shape);
        Assert.Null(bias.grad);
        foreach (var t in sd.Values) t.Dispose();
    }

    [Fact]
    public void NamedParameters_Net0AndNet_AsBook()
    {
        using var net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
        Assert.Equal(new[] { "weight [8, 4]", "bias [8]" },
            net[0].named_parameters().Select(p => $"{p.name} [{string.Join(", ", p.param.shape)}]"));
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, net.named_parameters().Select(p => p.name));
        using var b = net.state_dict()["2.bias"];
        Assert.Equal(((Linear)net[2]).bias!.ToArray<float>(), b.ToArray<float>());
    }

    [Fact]
    public void Rgnet_Print_MatchesPyTorch()
    {
        using var scope = NewDisposeScope();
        using var rgnet = new Sequential(block2(), new Linear(4, 1));
        Assert.Equal(new long[] { 2, 1 }, rgnet.call(rand(2, 4)).shape);
        var expected = PyTorch.Run(PyBlocks + "print(nn.Sequential(block2(), nn.Linear(4, 1)))");
        Assert.Equal(expected, rgnet.ToString());
    }

    [Fact]
    public void Rgnet_NestedIndex_ReachesFirstLinearOfSecondBlock()
    {
        using var rgnet = new Sequential(block2(), new Linear(4, 1));
        var inner = (Linear)rgnet[0][1][0];
        Assert.Equal(new long[] { 8 }, inner.bias!.data.shape);
        Assert.Same(inner.bias, rgnet.get_parameter("0.block 1.0.bias"));
    }

    [Fact]
    public void Rgnet_StateDictSavedByPyTorch_LoadsWithSameOutputs()
    {
        using var scope = NewDisposeScope();
        var X = rand(2, 4);
        // PyTorch writes its seeded rgnet's state_dict and output as JSON; we load it by key.
        var json = PyTorch.Run(PyBlocks + "torch.manual_seed(7)\nrgnet = nn.Sequential(block2(), nn.Linear(4, 1))\n" +
            $"X = {PyTorch.Literal(X)}\n" +
            "sd = {k: [list(v.shape), v.flatten().tolist()] for k, v in rgnet.state_dict().items()}\n" +
            "print(json.dumps({'sd': sd, 'y': rgnet(X).flatten().tolist()}))");
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var sd = new Dictionary<string, Tensor>();
        foreach (var kv in doc.RootElement.GetProperty("sd").EnumerateObject())
        {
            var shape = kv.Value[0].EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var data = kv.Value[1].EnumerateArray().Select(e => e.GetSingle()).ToArray();
            sd[kv.Name] = tensor(data, shape);
        }
        using var rgnet = new Sequential(block2(), new Linear(4, 1));
        Assert.Equal(18, sd.Count);
        rgnet.load_state_dict(sd);
        var theirs = doc.RootElement.GetProperty("y").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Close.Equal(theirs, rgnet.call(X).ToArray<float>());
    }

    [Fact]
    public void Apply_InitNormalAndConstant_AsBook()
    {
        using var net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
        net.apply(m =>
        {
            if (m is Linear l) { init.normal_(l.weight, mean: 0, std: 0.01); init.zeros_(l.bias!); }
        });
        var w = ((Linear)net[0]).weight.ToArray<float>();
        Assert.All(w, v => Assert.InRange(v, -0.06f, 0.06f));
        Assert.Contains(w, v => v != 0);
        Assert.All(((Linear)net[0]).bias!.ToArray<float>(), v => Assert.Equal(0f, v));

        net.apply(m =>
        {
            if (m is Linear l) { init.constant_(l.weight, 1); init.zeros_(l.bias!); }
        });
        Assert.All(((Linear)net[0]).weight.ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.False(((Linear)net[0]).weight.grad is not null);
        Assert.True(((Linear)net[0]).weight.requires_grad);
    }

    [Fact]
    public void Apply_XavierOnNet0And42OnNet2_AsBook()
    {
        using var net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
        net[0].apply(m => { if (m is Linear l) init.xavier_uniform_(l.weight); });
        net[2].apply(m => { if (m is Linear l) init.constant_(l.weight, 42); });
        var bound = (float)Math.Sqrt(6.0 / (4 + 8));
        Assert.All(((Linear)net[0]).weight.ToArray<float>(), v => Assert.InRange(v, -bound, bound));
        Assert.Equal(Enumerable.Repeat(42f, 8), ((Linear)net[2]).weight.ToArray<float>());
    }

    [Fact]
    public void WeightData_AddInPlace_ChangesParameterWithoutGrad()
    {
        using var net = new Sequential(new Linear(4, 8));
        var w = ((Linear)net[0]).weight;
        var before = w.ToArray<float>();
        using (var d = w.data) d.add_(1);
        Assert.Equal(before.Select(v => v + 1), w.ToArray<float>());
        Assert.True(w.is_leaf);
    }

    [Fact]
    public void SharedLayer_GradientIsSumOverUses_EqualsPyTorch()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var shared = new Linear(8, 8);
        using var net = new Sequential(new Linear(4, 8), new ReLU(), shared, new ReLU(), shared, new ReLU(), new Linear(8, 1));
        Assert.Same(((Linear)net[2]).weight, ((Linear)net[4]).weight);
        using (var d = ((Linear)net[2]).weight.data) d.fill_(0.1);
        Assert.Equal(((Linear)net[2]).weight.ToArray<float>(), ((Linear)net[4]).weight.ToArray<float>());
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "6.weight", "6.bias" }, net.named_parameters().Select(p => p.name));
        Assert.Equal(8, net.state_dict().Count);

        var X = tensor(new float[] { 0.1f, 0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f }, new long[] { 2, 4 });
        functional.mse_loss(net.call(X), zeros(2, 1), "sum").backward();
        var grads = net.parameters().SelectMany(p => p.grad!.ToArray<float>()).ToArray();
        var theirs = PyTorch.Floats("torch.manual_seed(11)\nshared = nn.Linear(8, 8)\n" +
            "net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), shared, nn.ReLU(), shared, nn.ReLU(), nn.Linear(8, 1))\n" +
            "shared.weight.data.fill_(0.1)\n" +
            $"X = {PyTorch.Literal(X)}\n" +
            "F.mse_loss(net(X), torch.zeros(2, 1), reduction='sum').backward()\n" +
            "print(json.dumps([v for p in net.parameters() for v in p.grad.flatten().tolist()]))");
        Close.Equal(theirs, grads, 1e-4f);
    }
}

/// <summary>Book ch. 5.2 continued: my_init, writing parameter elements, the shared layer seen through both uses.</summary>
public class ParameterWritesTests
{
    [Fact]
    public void MyInit_UniformThenMask_ValuesZeroOrAtLeastFiveInMagnitude()
    {
        using var scope = NewDisposeScope();
        using var net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));
        var printed = new List<string>();
        net.apply(m =>
        {
            if (m.GetType() != typeof(Linear)) return;
            var (name, param) = m.named_parameters().First();
            printed.Add($"Init {name} [{string.Join(", ", param.shape)}]");
            var w = ((Linear)m).weight;
            init.uniform_(w, -10, 10);
            using var d = w.data;
            using var mask = d.abs() >= 5;
            d.mul_(mask);
        });
        Assert.Equal(new[] { "Init weight [8, 4]", "Init weight [1, 8]" }, printed);
        Assert.All(((Linear)net[0]).weight.ToArray<float>(), v => Assert.True(v == 0 || Math.Abs(v) >= 5));
        Assert.Equal(new long[] { 2, 4 }, ((Linear)net[0]).weight[..2].shape);
    }

    [Fact]
    public void WeightData_SetElementAndAddOne_AsBook()
    {
        using var scope = NewDisposeScope();
        using var net = new Sequential(new Linear(4, 8));
        var w = ((Linear)net[0]).weight;
        init.zeros_(w);
        w.data[..] += 1;
        w.data[0, 0] = 42;
        var v = w.ToArray<float>();
        Assert.Equal(42f, v[0]);
        Assert.All(v.Skip(1), x => Assert.Equal(1f, x));
        Assert.True(w.requires_grad);
        Assert.True(w.is_leaf);
    }

    [Fact]
    public void SharedLayer_WriteThroughNet2_ShowsInNet4()
    {
        using var scope = NewDisposeScope();
        var shared = new Linear(8, 8);
        using var net = new Sequential(new Linear(4, 8), new ReLU(), shared, new ReLU(), shared, new ReLU(), new Linear(8, 1));
        net.call(rand(2, 4));
        Assert.True(((Linear)net[2]).weight[0].eq(((Linear)net[4]).weight[0]).all().item<bool>());
        ((Linear)net[2]).weight.data[0, 0] = 100;
        Assert.Equal(100f, ((Linear)net[4]).weight[0, 0].item<float>());
    }
}

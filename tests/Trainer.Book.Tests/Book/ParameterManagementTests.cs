using Trainer.Book.Tests.Support;
using Trainer.Shared.StateDict;

namespace Trainer.Book.Tests.Book;

/// <summary>d2l 5.2.1, parameter access: net[2].state_dict(), named_parameters, the nested rgnet.</summary>
[Collection(NativeState.Name)]
public class ParameterManagementTests
{
    private static Sequential block1() => Sequential(Linear(4, 8), ReLU(), Linear(8, 4), ReLU());

    /// <summary>The book's block2; TorchSharp's Sequential takes named layers through append (add_module would not run them).</summary>
    private static Sequential block2()
    {
        var net = Sequential();
        for (var i = 0; i < 4; i++) net.append($"block {i}", block1());
        return net;
    }

    private const string PyBlocks =
        "def block1():\n    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 4), nn.ReLU())\n" +
        "def block2():\n    net = nn.Sequential()\n    for i in range(4):\n        net.add_module(f'block {i}', block1())\n    return net\n";

    [Fact]
    public void StateDict_OfOutputLayer_HasWeightAndBias()
    {
        using var scope = NewDisposeScope();
        using var net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1));
        Assert.Equal(new long[] { 2, 1 }, net.call(rand(2, 4)).shape);
        var sd = ((Linear)net[2]).state_dict();
        Assert.Equal(new[] { "weight", "bias" }, sd.Keys);
        Assert.Equal(new long[] { 1, 8 }, sd["weight"].shape);
        var bias = ((Linear)net[2]).bias!;
        Assert.IsType<Parameter>(bias);
        Assert.True(bias.requires_grad);
        Assert.False(bias.detach().requires_grad); // .data in the book
        Assert.Null(((Linear)net[2]).weight.grad);
        Assert.Equal(Close.Values(bias), Close.Values(net.state_dict()["2.bias"]));
    }

    [Fact]
    public void NamedParameters_Net0AndNet_AsTheNotesPrint()
    {
        using var net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1));
        Assert.Equal(new[] { "weight [8, 4]", "bias [8]" },
            ((Linear)net[0]).named_parameters().Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}]"));
        Assert.Equal(new[] { "0.weight [8, 4]", "0.bias [8]", "2.weight [1, 8]", "2.bias [1]" },
            net.named_parameters().Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}]"));
    }

    [Fact]
    public void Rgnet_Forward_Gives2By1AndModuleNamesArePyTorchs()
    {
        using var scope = NewDisposeScope();
        using var rgnet = Sequential(block2(), Linear(4, 1));
        Assert.Equal(new long[] { 2, 1 }, rgnet.call(rand(2, 4)).shape);
        var theirs = PyTorchPeer.Strings(PyBlocks +
            "print(json.dumps([n for n, _ in nn.Sequential(block2(), nn.Linear(4, 1)).named_modules()][1:]))");
        // PyTorch lists parents before children, depth first; TorchSharp lists each level first.
        Assert.Equal(theirs.Order(), rgnet.named_modules().Select(m => m.name).Order());
        Assert.Equal(18, PyTorchStateDict.Of(rgnet).Count);
    }

    [Fact]
    public void Rgnet_NestedIndex_ReachesFirstLinearOfSecondBlock()
    {
        using var rgnet = Sequential(block2(), Linear(4, 1));
        var inner = (Linear)((Sequential)((Sequential)rgnet[0])[1])[0];
        Assert.Equal(new long[] { 8 }, inner.bias!.shape);
        Assert.Same(inner.bias, rgnet.named_parameters().Single(p => p.name == "0.block 1.0.bias").parameter);
    }

    [Fact]
    public void Rgnet_StateDictFromPyTorch_LoadsWithSameOutputs()
    {
        using var scope = NewDisposeScope();
        var X = rand(2, 4);
        var path = Path.Combine(Path.GetTempPath(), $"rgnet-{Guid.NewGuid():N}.params");
        try
        {
            var theirs = PyTorchPeer.Floats(PyBlocks + "torch.manual_seed(7)\nrgnet = nn.Sequential(block2(), nn.Linear(4, 1))\n" +
                $"torch.save(rgnet.state_dict(), {PyTorchPeer.Quote(path)})\n" +
                $"print(json.dumps(rgnet({PyTorchPeer.Literal(X)}).flatten().tolist()))");
            using var rgnet = Sequential(block2(), Linear(4, 1));
            var result = PyTorchStateDict.Load(rgnet, path);
            Assert.Empty(result.missing_keys);
            Close.Equal(theirs, Close.Values(rgnet.call(X)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using Trainer.Book.Tests.Support;
using Trainer.Book.Tests.StateDict;

namespace Trainer.Book.Tests.Book;

/// <summary>d2l 5.2.3, tied parameters: one Linear at indices 2 and 4, one tensor, gradients summed.</summary>
[Collection(NativeState.Name)]
public class TiedParametersTests
{
    [Fact]
    public void SharedLayer_WriteThroughNet2_ShowsInNet4()
    {
        using var scope = NewDisposeScope();
        using var net = TiedNet.Create();
        net.call(rand(2, 4));
        var w2 = ((Linear)net[2]).weight;
        var w4 = ((Linear)net[4]).weight;
        Assert.True(w2[0].eq(w4[0]).all().item<bool>());
        w2.detach()[0, 0] = 100;
        Assert.True(w2[0].eq(w4[0]).all().item<bool>());
        Assert.Equal(100f, w4[0, 0].item<float>());
        Assert.Same(w2, w4); // the same object, not just equal values
    }

    [Fact]
    public void SharedLayer_Parameters_CountedOnce()
    {
        using var net = TiedNet.Create();
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "6.weight", "6.bias" }, net.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void SharedLayer_Gradient_IsSumOverUsesAndEqualsPyTorch()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var net = TiedNet.Create();
        using (no_grad()) ((Linear)net[2]).weight.fill_(0.1);
        var X = tensor(new float[] { 0.1f, 0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f }, new long[] { 2, 4 });
        functional.mse_loss(net.call(X), zeros(2, 1), Reduction.Sum).backward();
        var ours = net.parameters().SelectMany(p => Close.Values(p.grad!)).ToArray();
        var theirs = PyTorchPeer.Floats("torch.manual_seed(11)\n" + TiedNet.Python +
            "shared.weight.data.fill_(0.1)\n" +
            $"F.mse_loss(net({PyTorchPeer.Literal(X)}), torch.zeros(2, 1), reduction='sum').backward()\n" +
            "print(json.dumps([v for p in net.parameters() for v in p.grad.flatten().tolist()]))");
        Close.Equal(theirs, ours, 1e-4f);
    }
}

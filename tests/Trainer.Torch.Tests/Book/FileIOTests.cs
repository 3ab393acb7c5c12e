using static Trainer.Torch.torch.nn;

namespace Trainer.Torch.Tests.Book;

/// <summary>Book ch. 5.5, file I/O: the MLP clone from a state_dict gives identical outputs.</summary>
public class FileIOTests
{
    private sealed class MLP : Module
    {
        private readonly Linear hidden = new(20, 256);
        private readonly Linear output = new(256, 10);

        public override Tensor forward(Tensor x)
        {
            using var h = hidden.call(x);
            using var a = functional.relu(h);
            return output.call(a);
        }
    }

    [Fact]
    public void MlpClone_LoadStateDictAndEval_SameOutputs()
    {
        using var scope = NewDisposeScope();
        using var net = new MLP();
        var X = randn(2, 20);
        var Y = net.call(X);
        using var clone = new MLP();
        clone.load_state_dict(net.state_dict());
        clone.eval();
        Assert.Equal("MLP(\n  (hidden): Linear(in_features=20, out_features=256, bias=True)\n  (output): Linear(in_features=256, out_features=10, bias=True)\n)", clone.ToString());
        Assert.Equal(Y.ToArray<float>(), clone.call(X).ToArray<float>());
    }
}

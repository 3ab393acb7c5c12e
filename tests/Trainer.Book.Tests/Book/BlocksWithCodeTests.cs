using Trainer.Book.Tests.Support;
using Trainer.Shared.StateDict;

namespace Trainer.Book.Tests.Book;

/// <summary>d2l 5.1.3, code in forward: FixedHiddenMLP (a constant, a reused layer), NestMLP and the chimera.</summary>
public class BlocksWithCodeTests
{
    private sealed class FixedHiddenMLP : Module<Tensor, Tensor>
    {
        // Not a parameter: a constant the optimizer never sees (requires_grad=False in the book).
        // A Tensor field present at RegisterComponents() would become a persistent buffer, so it is
        // set only after that call (which runs once per module, so a parent can't repeat it).
        private readonly Tensor rand_weight;
        private readonly Linear linear = Linear(20, 20);

        public FixedHiddenMLP() : base(nameof(FixedHiddenMLP))
        {
            RegisterComponents();
            rand_weight = rand(20, 20).DetachFromDisposeScope();
        }

        public override Tensor forward(Tensor X)
        {
            using var scope = NewDisposeScope();
            X = linear.call(X);
            X = functional.relu(mm(X, rand_weight) + 1);
            X = linear.call(X); // the same layer again: its parameters are shared
            while (X.abs().sum().item<float>() > 1) X = X / 2;
            return X.sum().MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) rand_weight.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class NestMLP : Module<Tensor, Tensor>
    {
        private readonly Sequential net = Sequential(Linear(20, 64), ReLU(), Linear(64, 32), ReLU());
        private readonly Linear linear = Linear(32, 16);

        public NestMLP() : base(nameof(NestMLP)) => RegisterComponents();

        public override Tensor forward(Tensor X)
        {
            using var scope = NewDisposeScope();
            return linear.call(net.call(X)).MoveToOuterDisposeScope();
        }

        public const string Python =
            "class NestMLP(nn.Module):\n" +
            "    def __init__(self):\n" +
            "        super().__init__()\n" +
            "        self.net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())\n" +
            "        self.linear = nn.Linear(32, 16)\n";
    }

    [Fact]
    public void FixedHiddenMLP_Forward_ScalarAtMostOneAndOnlyLinearIsAParameter()
    {
        using var scope = NewDisposeScope();
        using var net = new FixedHiddenMLP();
        var y = net.call(rand(2, 20));
        Assert.Equal(0, y.dim());
        Assert.True(Math.Abs(y.item<float>()) <= 1);
        Assert.Equal(new[] { "linear.weight", "linear.bias" }, net.named_parameters().Select(p => p.name));
        Assert.Empty(net.buffers());
    }

    [Fact]
    public void NestMLP_NamedParameters_AsTheNotesPrint()
    {
        using var net = new NestMLP();
        Assert.Equal(new[]
            {
                "net.0.weight [64, 20]", "net.0.bias [64]", "net.2.weight [32, 64]", "net.2.bias [32]",
                "linear.weight [16, 32]", "linear.bias [16]",
            },
            net.named_parameters().Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}]"));
    }

    [Fact]
    public void Chimera_NestedBlocks_ScalarWithGradientsEverywhere()
    {
        using var scope = NewDisposeScope();
        using var chimera = Sequential(new NestMLP(), Linear(16, 20), new FixedHiddenMLP());
        var y = chimera.call(rand(2, 20));
        Assert.Equal(0, y.dim());
        y.backward();
        Assert.All(chimera.parameters(), p => Assert.NotNull(p.grad));
    }

    [Fact]
    public void Chimera_StateDictKeys_ArePyTorchs()
    {
        using var chimera = Sequential(new NestMLP(), Linear(16, 20));
        var theirs = PyTorchPeer.Strings(NestMLP.Python +
            "print(json.dumps(list(nn.Sequential(NestMLP(), nn.Linear(16, 20)).state_dict().keys())))");
        Assert.Equal(theirs, PyTorchStateDict.Of(chimera).Keys);
        Assert.Equal(theirs, chimera.state_dict().Keys);
    }
}

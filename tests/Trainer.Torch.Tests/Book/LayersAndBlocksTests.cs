using Trainer.Torch.Tests.NN;
using static Trainer.Torch.torch.nn;

namespace Trainer.Torch.Tests.Book;

/// <summary>Book ch. 5.1, layers and blocks: Sequential, MLP, MySequential, NestMLP and the chimera.</summary>
public class LayersAndBlocksTests
{
    /// <summary>The book's MySequential: modules kept in _modules under "0", "1", ...</summary>
    private sealed class MySequential : Module
    {
        public MySequential(params Module[] args)
        {
            for (var idx = 0; idx < args.Length; idx++) register_module(idx.ToString(), args[idx]);
        }

        public override Tensor forward(Tensor X)
        {
            var x = X.alias();
            foreach (var block in children())
            {
                var y = block.call(x);
                x.Dispose();
                x = y;
            }
            return x;
        }
    }

    private sealed class NestMLP : Module
    {
        private readonly Sequential net = new(new Linear(20, 64), new ReLU(), new Linear(64, 32), new ReLU());
        private readonly Linear linear = new(32, 16);

        public override Tensor forward(Tensor X)
        {
            using var h = net.call(X);
            return linear.call(h);
        }
    }

    [Fact]
    public void Sequential_Book_OutputIs2By10()
    {
        using var scope = NewDisposeScope();
        using var net = new Sequential(new Linear(20, 256), new ReLU(), new Linear(256, 10));
        var X = rand(2, 20);
        Assert.Equal(new long[] { 2, 10 }, net.call(X).shape);
        Assert.Equal(3, net.Count);
        Assert.IsType<ReLU>(net[1]);
        Assert.IsType<Linear>(net[-1]);
        Assert.Equal(new[] { "Linear", "ReLU", "Linear" }, net.Select(m => m._get_name()));
    }

    [Fact]
    public void MLP_Custom_OutputIs2By10AndPrintsLikePyTorch()
    {
        using var scope = NewDisposeScope();
        using var net = new MLP();
        Assert.Equal(new long[] { 2, 10 }, net.call(rand(2, 20)).shape);
        Assert.Equal("MLP(\n  (hidden): Linear(in_features=20, out_features=256, bias=True)\n  (output): Linear(in_features=256, out_features=10, bias=True)\n)", net.ToString());
    }

    [Fact]
    public void MySequential_SameAsSequential_ForSameWeights()
    {
        using var scope = NewDisposeScope();
        using var ours = new MySequential(new Linear(20, 256), new ReLU(), new Linear(256, 10));
        using var reference = new Sequential(new Linear(20, 256), new ReLU(), new Linear(256, 10));
        reference.load_state_dict(ours.state_dict());
        var X = rand(2, 20);
        Assert.Equal(reference.call(X).ToArray<float>(), ours.call(X).ToArray<float>());
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, ours.state_dict().Keys);
    }

    [Fact]
    public void Chimera_NestedBlocks_OutputShapeAndNames()
    {
        using var scope = NewDisposeScope();
        using var chimera = new Sequential(new NestMLP(), new Linear(16, 20), new MLP());
        Assert.Equal(new long[] { 2, 10 }, chimera.call(rand(2, 20)).shape);
        Assert.Equal(new[] { "0.net.0.weight", "0.net.0.bias", "0.net.2.weight", "0.net.2.bias", "0.linear.weight", "0.linear.bias",
            "1.weight", "1.bias", "2.hidden.weight", "2.hidden.bias", "2.output.weight", "2.output.bias" },
            chimera.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void Chimera_Print_MatchesPyTorch()
    {
        using var chimera = new Sequential(new NestMLP(), new Linear(16, 20));
        var expected = PyTorch.Run(
            "class NestMLP(nn.Module):\n" +
            "    def __init__(self):\n        super().__init__()\n" +
            "        self.net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())\n" +
            "        self.linear = nn.Linear(32, 16)\n" +
            "print(nn.Sequential(NestMLP(), nn.Linear(16, 20)))");
        Assert.Equal(expected, chimera.ToString());
    }
}

/// <summary>Book ch. 5.1 continued: FixedHiddenMLP (a constant, control flow, a reused layer) and the full chimera.</summary>
public class BlocksWithCodeTests
{
    private sealed class FixedHiddenMLP : Module
    {
        // A plain tensor field is a constant, not a parameter (requires_grad=False), as in the book.
        private readonly Tensor rand_weight = DisposeScope.Detach(rand(20, 20));
        private readonly Linear linear = new(20, 20);

        public override Tensor forward(Tensor X)
        {
            using var scope = NewDisposeScope();
            X = linear.call(X);
            X = functional.relu(mm(X, rand_weight) + 1);
            X = linear.call(X); // the same layer again: shared parameters
            while (X.abs().sum().item<float>() > 1) X = X / 2;
            return X.sum().MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) rand_weight.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class NestMLP : Module
    {
        private readonly Sequential net = new(new Linear(20, 64), new ReLU(), new Linear(64, 32), new ReLU());
        private readonly Linear linear = new(32, 16);
        public override Tensor forward(Tensor X) { using var h = net.call(X); return linear.call(h); }
    }

    [Fact]
    public void FixedHiddenMLP_ReturnsScalarAtMostOne_AndOnlyLinearIsAParameter()
    {
        using var scope = NewDisposeScope();
        using var net = new FixedHiddenMLP();
        var y = net.call(rand(2, 20));
        Assert.Equal(0, y.dim());
        Assert.True(Math.Abs(y.item<float>()) <= 1);
        Assert.Equal(new[] { "linear.weight", "linear.bias" }, net.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void Chimera_WithFixedHiddenMLP_ReturnsScalarWithGradient()
    {
        using var scope = NewDisposeScope();
        using var chimera = new Sequential(new NestMLP(), new Linear(16, 20), new FixedHiddenMLP());
        var y = chimera.call(rand(2, 20));
        Assert.Equal(0, y.dim());
        y.backward();
        Assert.All(chimera.parameters(), p => Assert.NotNull(p.grad));
    }
}

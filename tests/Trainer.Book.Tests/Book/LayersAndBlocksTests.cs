using Trainer.Book.Tests.Support;

namespace Trainer.Book.Tests.Book;

/// <summary>d2l 5.1, layers and blocks: Sequential, the MLP block, MySequential and its exercises.</summary>
public class LayersAndBlocksTests
{
    /// <summary>The book's MySequential: blocks kept in the module's own table under "0", "1", ...</summary>
    private sealed class MySequential : Module<Tensor, Tensor>
    {
        private readonly List<Module<Tensor, Tensor>> blocks = new();

        public MySequential(params Module<Tensor, Tensor>[] args) : base(nameof(MySequential))
        {
            for (var idx = 0; idx < args.Length; idx++)
            {
                register_module(idx.ToString(), args[idx]);
                blocks.Add(args[idx]);
            }
        }

        public override Tensor forward(Tensor X)
        {
            using var scope = NewDisposeScope();
            foreach (var block in blocks) X = block.call(X);
            return X.MoveToOuterDisposeScope();
        }
    }

    /// <summary>Exercise 1: blocks in a plain list are invisible to parameters() and state_dict().</summary>
    private sealed class ListSequential : Module<Tensor, Tensor>
    {
        private readonly List<Module<Tensor, Tensor>> modules_list;

        public ListSequential(params Module<Tensor, Tensor>[] args) : base(nameof(ListSequential))
        {
            modules_list = args.ToList();
            RegisterComponents();
        }

        public override Tensor forward(Tensor X)
        {
            using var scope = NewDisposeScope();
            foreach (var block in modules_list) X = block.call(X);
            return X.MoveToOuterDisposeScope();
        }
    }

    /// <summary>Exercise 2, as the notes write it: net2 applied to net1's output.</summary>
    private sealed class ParallelBlock : Module<Tensor, Tensor>
    {
        private readonly Module<Tensor, Tensor> net1, net2;

        public ParallelBlock(Module<Tensor, Tensor> net1, Module<Tensor, Tensor> net2) : base(nameof(ParallelBlock))
        {
            this.net1 = net1;
            this.net2 = net2;
            RegisterComponents();
        }

        public override Tensor forward(Tensor X)
        {
            using var scope = NewDisposeScope();
            return net2.call(net1.call(X)).MoveToOuterDisposeScope();
        }
    }

    /// <summary>Exercise 3: num copies of one block shape, in a Sequential (ln) or a ModuleList.</summary>
    private sealed class Multilayer : Module<Tensor, Tensor>
    {
        private readonly Sequential ln;

        public Multilayer(int num) : base("multilayer")
        {
            ln = Sequential(Enumerable.Range(0, num).Select(_ => (Module<Tensor, Tensor>)Linear(20, 10)).ToArray());
            RegisterComponents();
        }

        public override Tensor forward(Tensor X) => ln.call(X);
    }

    /// <summary>Exercise 3 with nn.ModuleList (which, unlike Sequential, is not callable: forward loops).</summary>
    private sealed class MultilayerList : Module<Tensor, Tensor>
    {
        private readonly ModuleList<Module<Tensor, Tensor>> ln;

        public MultilayerList(int num) : base("multilayer")
        {
            ln = ModuleList(Enumerable.Range(0, num).Select(_ => (Module<Tensor, Tensor>)Linear(20, 10)).ToArray());
            RegisterComponents();
        }

        public override Tensor forward(Tensor X) => throw new NotSupportedException("the notes' ln(X) calls a ModuleList");
    }

    [Fact]
    public void Sequential_BookNet_Gives2By10()
    {
        using var scope = NewDisposeScope();
        using var net = Sequential(Linear(20, 256), ReLU(), Linear(256, 10));
        var X = rand(2, 20);
        Assert.Equal(new long[] { 2, 10 }, net.call(X).shape);
        Assert.Equal(3, net.Count);
        Assert.IsType<ReLU>(net[1]);
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, net.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void MLP_Custom_Gives2By10WithHiddenAndOutputKeys()
    {
        using var scope = NewDisposeScope();
        using var net = new MLP();
        Assert.Equal(new long[] { 2, 10 }, net.call(rand(2, 20)).shape);
        Assert.Equal(new[] { "hidden", "output" }, net.named_children().Select(c => c.name));
        Assert.Equal(new[] { "hidden.weight", "hidden.bias", "output.weight", "output.bias" }, net.state_dict().Keys);
    }

    [Fact]
    public void MySequential_SameWeights_SameOutputsAsSequential()
    {
        using var scope = NewDisposeScope();
        using var ours = new MySequential(Linear(20, 256), ReLU(), Linear(256, 10));
        using var reference = Sequential(Linear(20, 256), ReLU(), Linear(256, 10));
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, ours.state_dict().Keys);
        reference.load_state_dict(ours.state_dict());
        var X = rand(2, 20);
        Assert.Equal(Close.Values(reference.call(X)), Close.Values(ours.call(X)));
    }

    [Fact]
    public void ListSequential_Exercise1_RunsButHasNoParameters()
    {
        using var scope = NewDisposeScope();
        using var net = new ListSequential(Linear(20, 256), ReLU(), Linear(256, 10));
        Assert.Equal(new long[] { 2, 10 }, net.call(rand(2, 20)).shape);
        Assert.Empty(net.parameters());
        Assert.Empty(net.state_dict());
    }

    [Fact]
    public void ParallelBlock_Exercise2_ChainsBothNetsParameters()
    {
        using var scope = NewDisposeScope();
        using var net = new ParallelBlock(Linear(16, 20), Linear(20, 10));
        Assert.Equal(new long[] { 2, 10 }, net.call(rand(2, 16)).shape);
        Assert.Equal(new[] { "net1.weight [20, 16]", "net1.bias [20]", "net2.weight [10, 20]", "net2.bias [10]" },
            net.named_parameters().Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}]"));
    }

    [Fact]
    public void Multilayer_Exercise3_FiveLinearsNamedByIndex()
    {
        using var net = new Multilayer(5);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"ln.{i}"), net.named_modules().Select(m => m.name).Where(n => n.StartsWith("ln.")));
        Assert.Equal(10, net.parameters().Count());

        // A ModuleList registers its items when it is registered itself, as a field of a module.
        using var listed = new MultilayerList(5);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"ln.{i}"), listed.named_modules().Select(m => m.name).Where(n => n.StartsWith("ln.")));
        Assert.Equal(10, listed.parameters().Count());
    }
}

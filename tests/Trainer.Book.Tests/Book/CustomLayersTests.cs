using Trainer.Book.Tests.Support;

namespace Trainer.Book.Tests.Book;

/// <summary>d2l 5.4, custom layers: CenteredLayer (no parameters), MyLinear, and the exercise's tensor-reduction layer.</summary>
public class CustomLayersTests
{
    private sealed class CenteredLayer : Module<Tensor, Tensor>
    {
        public CenteredLayer() : base(nameof(CenteredLayer)) { }

        public override Tensor forward(Tensor X)
        {
            using var scope = NewDisposeScope();
            return (X - X.mean()).MoveToOuterDisposeScope();
        }
    }

    private sealed class MyLinear : Module<Tensor, Tensor>
    {
        public readonly Parameter weight;
        public readonly Parameter bias;

        public MyLinear(long in_units, long units) : base(nameof(MyLinear))
        {
            weight = Parameter(randn(in_units, units));
            bias = Parameter(randn(units));
            RegisterComponents();
        }

        public override Tensor forward(Tensor X)
        {
            using var scope = NewDisposeScope();
            // The book reads .data: the layer's output carries no gradient to its own parameters.
            var linear = matmul(X, weight.detach()) + bias.detach();
            return functional.relu(linear).MoveToOuterDisposeScope();
        }
    }

    /// <summary>Exercise 1: y_k = Σ_ij W_kij x_i x_j, as xᵀ W_k x.</summary>
    private sealed class TensorReduction : Module<Tensor, Tensor>
    {
        public readonly Parameter W;

        public TensorReduction(long in_units, long units) : base("testlayer1")
        {
            W = Parameter(randn(units, in_units, in_units));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            return matmul(matmul(x, W.detach()), x).MoveToOuterDisposeScope();
        }
    }

    [Fact]
    public void CenteredLayer_BookInput_SubtractsTheMean()
    {
        using var scope = NewDisposeScope();
        using var layer = new CenteredLayer();
        Assert.Equal(new float[] { -2, -1, 0, 1, 2 }, Close.Values(layer.call(tensor(new float[] { 1, 2, 3, 4, 5 }))));
        Assert.Empty(layer.parameters());
    }

    [Fact]
    public void CenteredLayer_AfterLinear_MeanIsZero()
    {
        using var scope = NewDisposeScope();
        using var net = Sequential(Linear(8, 128), new CenteredLayer());
        var Y = net.call(rand(4, 8));
        Assert.True(Math.Abs(Y.mean().item<float>()) < 1e-6);
    }

    [Fact]
    public void MyLinear_OwnParameters_RegisteredAndReluOutput()
    {
        using var scope = NewDisposeScope();
        using var linear = new MyLinear(5, 3);
        Assert.Equal(new long[] { 5, 3 }, linear.weight.shape);
        Assert.Equal(new[] { "weight", "bias" }, linear.named_parameters().Select(p => p.name));
        var y = linear.call(rand(2, 5));
        Assert.Equal(new long[] { 2, 3 }, y.shape);
        Assert.All(Close.Values(y), v => Assert.True(v >= 0));
    }

    [Fact]
    public void MyLinear_InSequential_BuildsAModel()
    {
        using var scope = NewDisposeScope();
        using var net = Sequential(new MyLinear(64, 8), new MyLinear(8, 1));
        Assert.Equal(new long[] { 2, 1 }, net.call(rand(2, 64)).shape);
        Assert.Equal(new[] { "0.weight", "0.bias", "1.weight", "1.bias" }, net.state_dict().Keys);
    }

    [Fact]
    public void TensorReduction_Exercise_FirstOutputIsXtW0X()
    {
        using var scope = NewDisposeScope();
        using var net = new TensorReduction(4, 2);
        var a = rand(4);
        var y = net.call(a);
        Assert.Equal(new long[] { 2 }, y.shape);
        var expected = matmul(a, matmul(net.W[0], a)).item<float>();
        Assert.Equal(expected, y[0].item<float>(), 4);
    }
}

using static Trainer.Torch.torch.nn;

namespace Trainer.Torch.Tests.Book;

/// <summary>Book ch. 5.4, custom layers: a layer with its own Parameters (MyLinear).</summary>
public class CustomLayersTests
{
    private sealed class MyLinear : Module
    {
        public readonly Parameter weight;
        public readonly Parameter bias;

        public MyLinear(long in_units, long units)
        {
            using var scope = NewDisposeScope();
            weight = new Parameter(randn(in_units, units));
            bias = new Parameter(randn(units));
        }

        public override Tensor forward(Tensor X)
        {
            using var scope = NewDisposeScope();
            using var w = weight.data;
            using var b = bias.data;
            var linear = X.matmul(w) + b;
            return functional.relu(linear).MoveToOuterDisposeScope();
        }
    }

    [Fact]
    public void MyLinear_OwnParameters_RegisteredAndUsed()
    {
        using var scope = NewDisposeScope();
        using var linear = new MyLinear(5, 3);
        Assert.Equal(new long[] { 5, 3 }, linear.weight.shape);
        Assert.Equal(new[] { "weight", "bias" }, linear.named_parameters().Select(p => p.name));
        var y = linear.call(rand(2, 5));
        Assert.Equal(new long[] { 2, 3 }, y.shape);
        Assert.All(y.ToArray<float>(), v => Assert.True(v >= 0));
    }

    [Fact]
    public void MyLinear_InSequential_BuildsModel()
    {
        using var scope = NewDisposeScope();
        using var net = new Sequential(new MyLinear(64, 8), new MyLinear(8, 1));
        Assert.Equal(new long[] { 2, 1 }, net.call(rand(2, 64)).shape);
        Assert.Equal(new[] { "0.weight", "0.bias", "1.weight", "1.bias" }, net.state_dict().Keys);
        Assert.Equal("Sequential(\n  (0): MyLinear()\n  (1): MyLinear()\n)", net.ToString());
    }
}

/// <summary>Book ch. 5.4, a layer without parameters: CenteredLayer.</summary>
public class CustomLayersCenteredTests
{
    private sealed class CenteredLayer : Module
    {
        public override Tensor forward(Tensor X)
        {
            using var m = X.mean();
            return X - m;
        }
    }

    [Fact]
    public void CenteredLayer_OnBookInput_SubtractsMean()
    {
        using var scope = NewDisposeScope();
        var layer = new CenteredLayer();
        Assert.Equal(new float[] { -2, -1, 0, 1, 2 }, layer.call(tensor(new float[] { 1, 2, 3, 4, 5 })).ToArray<float>());
        Assert.Empty(layer.parameters());
    }

    [Fact]
    public void CenteredLayer_InSequential_MeanIsZero()
    {
        using var scope = NewDisposeScope();
        using var net = new Sequential(new Linear(8, 128), new CenteredLayer());
        var Y = net.call(rand(4, 8));
        Assert.True(Math.Abs(Y.mean().item<float>()) < 1e-6);
    }
}

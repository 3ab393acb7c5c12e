using Trainer.Book.Tests.Support;

namespace Trainer.Book.Tests.Overview;

/// <summary>The PyTorch tour's custom autograd function: ReLU with a hand-written backward.</summary>
[Collection(NativeState.Name)]
public class CustomAutogradFunctionTests
{
    private sealed class MyReLU : autograd.SingleTensorFunction<MyReLU>
    {
        public override string Name => nameof(MyReLU);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            ctx.save_for_backward(new List<Tensor> { input });
            return input.clamp(min: 0);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var input = ctx.get_saved_variables()[0];
            var grad_input = grad_output.clone();
            grad_input[input < 0] = 0;
            return new List<Tensor> { grad_input };
        }
    }

    [Fact]
    public void MyReLU_Forward_ClampsAtZero()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { -2, -0.5f, 0, 1.5f, 3 });
        Assert.Equal(new float[] { 0, 0, 0, 1.5f, 3 }, Close.Values(MyReLU.apply(x)));
    }

    [Fact]
    public void MyReLU_InTheTwoLayerNet_GradientsEqualBuiltInRelu()
    {
        using var scope = NewDisposeScope();
        var (x, y) = TwoLayerData.Make(4);
        var w1 = randn(TwoLayerData.D_in, TwoLayerData.H).requires_grad_();
        var w2 = randn(TwoLayerData.H, TwoLayerData.D_out).requires_grad_();
        (MyReLU.apply(x.mm(w1)).mm(w2) - y).pow(2).sum().backward();
        var ours = (w1.grad!.clone(), w2.grad!.clone());
        w1.grad = null;
        w2.grad = null;
        (functional.relu(x.mm(w1)).mm(w2) - y).pow(2).sum().backward();
        Assert.True(ours.Item1.allclose(w1.grad!));
        Assert.True(ours.Item2.allclose(w2.grad!));
    }
}

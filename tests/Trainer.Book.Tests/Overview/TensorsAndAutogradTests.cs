using Trainer.Book.Tests.Support;

namespace Trainer.Book.Tests.Overview;

/// <summary>The PyTorch tour, first half: a two-layer net by hand on tensors, then with autograd.</summary>
[Collection(NativeState.Name)]
public class TensorsAndAutogradTests
{
    private const double LearningRate = 1e-6;

    [Fact]
    public void ManualBackprop_Tensors_LossFalls()
    {
        using var scope = NewDisposeScope();
        var (x, y) = TwoLayerData.Make(1);
        var w1 = randn(TwoLayerData.D_in, TwoLayerData.H);
        var w2 = randn(TwoLayerData.H, TwoLayerData.D_out);
        float first = 0, last = 0;
        for (var t = 0; t < 100; t++)
        {
            using var step = NewDisposeScope();
            var h = x.mm(w1);
            var h_relu = h.clamp(min: 0);
            var y_pred = h_relu.mm(w2);
            last = (y_pred - y).pow(2).sum().item<float>();
            if (t == 0) first = last;

            var grad_y_pred = 2.0 * (y_pred - y);
            var grad_w2 = h_relu.t().mm(grad_y_pred);
            var grad_h = grad_y_pred.mm(w2.t());
            grad_h[h < 0] = 0;
            var grad_w1 = x.t().mm(grad_h);
            w1.sub_(LearningRate * grad_w1);
            w2.sub_(LearningRate * grad_w2);
        }
        Assert.True(last < first / 10, $"loss {first} -> {last}");
    }

    [Fact]
    public void Autograd_SameStep_GradientsEqualTheHandWrittenOnes()
    {
        using var scope = NewDisposeScope();
        var (x, y) = TwoLayerData.Make(2);
        var w1 = randn(TwoLayerData.D_in, TwoLayerData.H).requires_grad_();
        var w2 = randn(TwoLayerData.H, TwoLayerData.D_out).requires_grad_();
        var y_pred = x.mm(w1).clamp(min: 0).mm(w2);
        (y_pred - y).pow(2).sum().backward();

        using (no_grad())
        {
            var h = x.mm(w1);
            var grad_y_pred = 2.0 * (x.mm(w1).clamp(min: 0).mm(w2) - y);
            var grad_w2 = h.clamp(min: 0).t().mm(grad_y_pred);
            var grad_h = grad_y_pred.mm(w2.t());
            grad_h[h < 0] = 0;
            var grad_w1 = x.t().mm(grad_h);
            Assert.True(w1.grad!.allclose(grad_w1, rtol: 1e-4, atol: 1e-2));
            Assert.True(w2.grad!.allclose(grad_w2, rtol: 1e-4, atol: 1e-2));
        }
    }

    [Fact]
    public void Autograd_Training_LossFallsAndGradsZeroedEachStep()
    {
        using var scope = NewDisposeScope();
        var (x, y) = TwoLayerData.Make(3);
        var w1 = randn(TwoLayerData.D_in, TwoLayerData.H).requires_grad_();
        var w2 = randn(TwoLayerData.H, TwoLayerData.D_out).requires_grad_();
        float first = 0, last = 0;
        for (var t = 0; t < 100; t++)
        {
            using var step = NewDisposeScope();
            var loss = (x.mm(w1).clamp(min: 0).mm(w2) - y).pow(2).sum();
            last = loss.item<float>();
            if (t == 0) first = last;
            loss.backward();
            using (no_grad())
            {
                w1.sub_(LearningRate * w1.grad!);
                w2.sub_(LearningRate * w2.grad!);
                w1.grad!.zero_();
                w2.grad!.zero_();
            }
        }
        Assert.True(last < first / 10, $"loss {first} -> {last}");
    }
}

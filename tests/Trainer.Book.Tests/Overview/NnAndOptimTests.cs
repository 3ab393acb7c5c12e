using Trainer.Book.Tests.Support;

namespace Trainer.Book.Tests.Overview;

/// <summary>The PyTorch tour, second half: nn with a hand update, optim.Adam, a custom module, control flow with weight sharing.</summary>
[Collection(NativeState.Name)]
public class NnAndOptimTests
{
    private static Sequential Model() =>
        Sequential(Linear(TwoLayerData.D_in, TwoLayerData.H), ReLU(), Linear(TwoLayerData.H, TwoLayerData.D_out));

    [Fact]
    public void Nn_SequentialWithHandUpdate_LossFalls()
    {
        using var scope = NewDisposeScope();
        var (x, y) = TwoLayerData.Make(5);
        using var model = Model();
        var loss_fn = MSELoss(Reduction.Sum);
        float first = 0, last = 0;
        for (var t = 0; t < 50; t++)
        {
            using var step = NewDisposeScope();
            var loss = loss_fn.call(model.call(x), y);
            last = loss.item<float>();
            if (t == 0) first = last;
            model.zero_grad();
            loss.backward();
            using (no_grad())
                foreach (var param in model.parameters()) param.sub_(1e-4 * param.grad!);
        }
        Assert.True(last < first / 2, $"loss {first} -> {last}");
    }

    [Fact]
    public void Optim_Adam_LossFalls()
    {
        using var scope = NewDisposeScope();
        var (x, y) = TwoLayerData.Make(6);
        using var model = Model();
        var loss_fn = MSELoss(Reduction.Sum);
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-4);
        var losses = new List<float>();
        for (var t = 0; t < 50; t++)
        {
            using var step = NewDisposeScope();
            var loss = loss_fn.call(model.call(x), y);
            losses.Add(loss.item<float>());
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        Assert.True(losses[^1] < losses[0] / 2, $"loss {losses[0]} -> {losses[^1]}");
    }

    [Fact]
    public void CustomModule_TwoLayerNet_TrainsWithSgd()
    {
        using var scope = NewDisposeScope();
        var (x, y) = TwoLayerData.Make(7);
        using var model = new TwoLayerNet(TwoLayerData.D_in, TwoLayerData.H, TwoLayerData.D_out);
        Assert.Equal(new[] { "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias" }, model.named_parameters().Select(p => p.name));
        var criterion = MSELoss(Reduction.Sum);
        using var optimizer = optim.SGD(model.parameters(), 1e-4);
        float first = 0, last = 0;
        for (var t = 0; t < 50; t++)
        {
            using var step = NewDisposeScope();
            var loss = criterion.call(model.call(x), y);
            last = loss.item<float>();
            if (t == 0) first = last;
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        Assert.True(last < first / 2, $"loss {first} -> {last}");
    }

    [Fact]
    public void DynamicNet_ReusedMiddleLayer_OneParameterSetAndGradientSummedOverUses()
    {
        using var scope = NewDisposeScope();
        var (x, _) = TwoLayerData.Make(8);
        using var model = new DynamicNet(TwoLayerData.D_in, TwoLayerData.H, TwoLayerData.D_out, seed: 1);
        Assert.Equal(6, model.parameters().Count());
        var uses = new HashSet<int>();
        for (var i = 0; i < 20; i++)
        {
            using var step = NewDisposeScope();
            model.zero_grad();
            model.call(x).sum().backward();
            uses.Add(model.LastMiddleUses);
            var middle = model.named_parameters().Single(p => p.name == "middle_linear.weight").parameter;
            if (model.LastMiddleUses == 0) Assert.Null(middle.grad);
            else Assert.NotNull(middle.grad);
        }
        Assert.Equal(new[] { 0, 1, 2, 3 }, uses.Order());
    }

    [Fact]
    public void DynamicNet_Training_LossFalls()
    {
        using var scope = NewDisposeScope();
        var (x, y) = TwoLayerData.Make(9);
        using var model = new DynamicNet(TwoLayerData.D_in, TwoLayerData.H, TwoLayerData.D_out, seed: 2);
        var criterion = MSELoss(Reduction.Sum);
        using var optimizer = optim.SGD(model.parameters(), 1e-4, momentum: 0.9);
        var losses = new List<float>();
        for (var t = 0; t < 100; t++)
        {
            using var step = NewDisposeScope();
            var loss = criterion.call(model.call(x), y);
            losses.Add(loss.item<float>());
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        Assert.True(losses.TakeLast(10).Average() < losses.Take(10).Average() / 2);
    }
}

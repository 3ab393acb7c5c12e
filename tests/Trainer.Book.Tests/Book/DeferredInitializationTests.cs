using Trainer.Shared.Modules;
using Trainer.Shared.StateDict;

namespace Trainer.Book.Tests.Book;

/// <summary>
/// d2l 5.3, deferred initialization: the notes' get_net(input, output) with sizes known up front,
/// and the same net with its first layer's input size left to the data (LazyLinear).
/// </summary>
public class DeferredInitializationTests
{
    private static Sequential get_net(long input_feature, long output_feature) =>
        Sequential(Linear(input_feature, 8), ReLU(), Linear(8, output_feature));

    [Fact]
    public void GetNet_SizesGiven_ParametersExistBeforeData()
    {
        using var scope = NewDisposeScope();
        using var net = get_net(4, 1);
        Assert.Equal(new long[] { 8, 4 }, ((Linear)net[0]).weight.shape);
        Assert.Equal(new long[] { 2, 1 }, net.call(rand(2, 4)).shape);
    }

    [Fact]
    public void LazyNet_BeforeData_FirstLayerHasNoParametersYet()
    {
        using var net = Sequential(new LazyLinear(256), ReLU(), Linear(256, 10));
        var first = (LazyLinear)net[0];
        Assert.True(first.has_uninitialized_params());
        Assert.Throws<InvalidOperationException>(() => first.weight);
        Assert.Equal(new[] { "2.weight", "2.bias" }, PyTorchStateDict.Of(net).Keys);
    }

    [Fact]
    public void LazyNet_AfterData_FrameworkInferredTheInputSize()
    {
        using var scope = NewDisposeScope();
        using var net = Sequential(new LazyLinear(256), ReLU(), Linear(256, 10));
        Assert.Equal(new long[] { 2, 10 }, net.call(rand(2, 20)).shape);
        Assert.Equal(new long[] { 256, 20 }, ((LazyLinear)net[0]).weight.shape);
        Assert.Equal(4, net.parameters().Count());
    }
}

using static Trainer.Torch.torch.nn;

namespace Trainer.Torch.Tests.NN;

[Collection(NativeState.Name)]
public class LifetimeTests
{
    [Fact]
    public void TrainingStep_InsideScope_LeavesNoLiveTensors()
    {
        using var net = new Sequential(new Linear(4, 8), new ReLU(), new Dropout(0.1), new Linear(8, 3));
        var loss = new CrossEntropyLoss();
        void Step()
        {
            using var scope = NewDisposeScope();
            var y = net.call(rand(5, 4));
            loss.call(y, tensor(new long[] { 0, 1, 2, 0, 1 })).backward();
            var sd = net.state_dict();
            net.zero_grad();
        }
        Step();
        var before = Tensor.LiveCount;
        for (var i = 0; i < 3; i++) Step();
        Assert.Equal(before, Tensor.LiveCount);
    }

    [Fact]
    public void Module_CreatedInsideScope_ParametersSurviveTheScope()
    {
        Sequential net;
        using (NewDisposeScope()) net = new Sequential(new Linear(2, 2), new LazyLinear(2));
        using (net)
        using (var scope = NewDisposeScope())
        {
            Assert.All(net.parameters(), p => Assert.False(p.IsDisposed));
            Assert.Equal(new long[] { 1, 2 }, net.call(ones(1, 2)).shape);
        }
    }
}
